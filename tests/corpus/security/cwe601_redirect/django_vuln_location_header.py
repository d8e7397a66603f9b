# gatherscan-corpus: cwe=601 expect=vulnerable
# A 302 response whose Location header is set from the query string.
from django.http import HttpResponse


def bounce(request):
    target = request.GET.get("to", "/")
    response = HttpResponse(status=302)
    response["Location"] = target
    return response
