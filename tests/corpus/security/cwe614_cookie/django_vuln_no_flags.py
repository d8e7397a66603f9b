# gatherscan-corpus: cwe=614 expect=vulnerable
# A Django response sets a login cookie with the defaults (secure and httponly off).
import secrets

from django.http import JsonResponse


def start_session(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("login_token", secrets.token_urlsafe(32), max_age=86400)
    return response
