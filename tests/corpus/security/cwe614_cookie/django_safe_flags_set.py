# gatherscan-corpus: cwe=614 expect=safe
# Django set_cookie with secure and httponly.
import secrets

from django.http import JsonResponse


def start_session(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("login_token", secrets.token_urlsafe(32), max_age=86400, secure=True, httponly=True)
    return response
