# gatherscan-corpus: cwe=918 expect=vulnerable
# A requests.Session fetches a status URL whose host is %-formatted from POST data.
import requests
from django.http import JsonResponse

http = requests.Session()


def service_status(request):
    host = request.POST.get("host", "localhost")
    reply = http.get("http://%s/status" % host, timeout=2)
    return JsonResponse({"status": reply.status_code})
