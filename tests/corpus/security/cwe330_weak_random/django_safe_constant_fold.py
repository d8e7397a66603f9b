# gatherscan-corpus: cwe=330 expect=safe
# The condition folds to True (7 * 18 + 106 > 200): the secrets branch is the one taken.
import random
import secrets

from django.http import JsonResponse


def csrf_token(request):
    num = 106
    token = secrets.token_urlsafe(24) if 7 * 18 + num > 200 else str(random.random())
    return JsonResponse({"csrf_token": token})
