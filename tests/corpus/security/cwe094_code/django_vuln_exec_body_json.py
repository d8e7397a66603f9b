# gatherscan-corpus: cwe=94 expect=vulnerable
# A script field of the JSON request body is executed.
import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def run_migration_step(request):
    payload = json.loads(request.body)
    scope = {}
    exec(payload["script"], scope)
    return JsonResponse({"keys": sorted(scope)})
