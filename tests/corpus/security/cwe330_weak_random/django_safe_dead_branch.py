# gatherscan-corpus: cwe=330 expect=safe
# The predictable token is generated only in a branch a constant disables.
import random
import secrets

from django.http import JsonResponse

PREDICTABLE_TOKENS_FOR_TESTS = False


def api_token(request):
    if PREDICTABLE_TOKENS_FOR_TESTS:
        token = str(random.getrandbits(64))
    else:
        token = secrets.token_hex(16)
    return JsonResponse({"token": token})
