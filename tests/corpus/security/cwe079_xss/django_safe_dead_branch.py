# gatherscan-corpus: cwe=79 expect=safe
# The raw echo is in a branch a constant condition disables.
from django.http import HttpResponse

ECHO_RAW_INPUT = False


def banner(request):
    text = request.GET.get("text", "")
    body = "<p>Welcome back</p>"
    if ECHO_RAW_INPUT:
        body = "<p>" + text + "</p>"
    return HttpResponse(body)
