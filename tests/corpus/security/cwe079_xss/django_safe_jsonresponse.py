# gatherscan-corpus: cwe=79 expect=safe
# JsonResponse serialises the value as JSON.
from django.http import JsonResponse


def echo(request):
    query = request.GET.get("q", "")
    return JsonResponse({"query": query, "html": f"<em>{query}</em>"})
