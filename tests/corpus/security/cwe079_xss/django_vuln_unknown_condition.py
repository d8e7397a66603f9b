# gatherscan-corpus: cwe=79 expect=vulnerable
# Which message is shown depends on the request; one branch echoes the referer header.
from django.http import HttpResponse


def not_found(request):
    referer = request.META.get("HTTP_REFERER", "")
    message = f"You came from {referer}" if referer else "Page not found"
    return HttpResponse(f"<html><body><p>{message}</p></body></html>", status=404)
