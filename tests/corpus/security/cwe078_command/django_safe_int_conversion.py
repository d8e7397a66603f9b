# gatherscan-corpus: cwe=78 expect=safe
# The only request value in the command is converted with int().
import os

from django.http import JsonResponse


def ping_localhost(request):
    count = int(request.GET.get("count", "1"))
    status = os.system("ping -c %d 127.0.0.1" % count)
    return JsonResponse({"status": status})
