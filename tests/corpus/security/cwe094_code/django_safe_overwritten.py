# gatherscan-corpus: cwe=94 expect=safe
# The tainted code is replaced by a constant before exec.
from django.http import JsonResponse


def warmup(request):
    snippet = request.POST.get("snippet", "")
    snippet = "total = sum(range(10))"
    scope = {}
    exec(snippet, scope)
    return JsonResponse({"total": scope["total"]})
