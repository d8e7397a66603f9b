# gatherscan-corpus: cwe=94 expect=safe
# The exec sits under a condition that is always false.
from django.http import HttpResponse

MAX_RETRIES = 3


def maintenance(request):
    snippet = request.POST.get("snippet", "")
    if MAX_RETRIES > 10:
        exec(snippet)
    return HttpResponse("ok")
