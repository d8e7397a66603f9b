# gatherscan-corpus: cwe=94 expect=vulnerable
# The raw query string from META is URL-decoded and evaluated.
from urllib.parse import unquote_plus

from django.http import HttpResponse


def debug_expression(request):
    raw = request.META.get("QUERY_STRING", "")
    expression = unquote_plus(raw).partition("=")[2]
    return HttpResponse(str(eval(expression)))
