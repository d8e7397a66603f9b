# gatherscan-corpus: cwe=601 expect=vulnerable
# A cookie is URL-decoded and used as the redirect location.
from urllib.parse import unquote

from django.http import HttpResponseRedirect


def resume(request):
    saved = unquote(request.COOKIES.get("resume_url", "%2F"))
    return HttpResponseRedirect(saved)
