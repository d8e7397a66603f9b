# gatherscan-corpus: cwe=501 expect=vulnerable
# A field of the JSON body is stored in the session.
import json

from django.http import JsonResponse


def save_filters(request):
    filters = json.loads(request.body).get("filters", {})
    request.session["filters"] = filters
    return JsonResponse({"saved": len(filters)})
