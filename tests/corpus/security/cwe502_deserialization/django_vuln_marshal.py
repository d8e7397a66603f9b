# gatherscan-corpus: cwe=502 expect=vulnerable
# marshal.loads on the request body.
import marshal

from django.http import JsonResponse


def load_snapshot(request):
    snapshot = marshal.loads(request.body)
    return JsonResponse({"size": len(snapshot)})
