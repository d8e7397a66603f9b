# gatherscan-corpus: cwe=502 expect=vulnerable
# A helper unpickles with dill; the view passes a hex-decoded GET value.
import dill
from django.http import JsonResponse


def restore(blob):
    return dill.loads(blob)


def callback(request):
    handler = restore(bytes.fromhex(request.GET.get("handler", "")))
    return JsonResponse({"result": handler(request.GET.get("arg"))})
