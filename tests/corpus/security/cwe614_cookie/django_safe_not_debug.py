# gatherscan-corpus: cwe=614 expect=safe
# secure=not DEBUG with DEBUG = False folds to secure=True.
import secrets

from django.http import JsonResponse

DEBUG = False


def start_session(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("sid", secrets.token_urlsafe(24), secure=not DEBUG, httponly=True)
    return response
