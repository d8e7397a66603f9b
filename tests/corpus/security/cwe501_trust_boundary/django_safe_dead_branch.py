# gatherscan-corpus: cwe=501 expect=safe
# Storing the raw header is in a branch a constant disables.
from django.http import JsonResponse

TRUST_PROXY_USER_HEADER = False


def login_from_proxy(request):
    if TRUST_PROXY_USER_HEADER:
        request.session["user"] = request.headers.get("X-Remote-User")
    return JsonResponse({"ok": True})
