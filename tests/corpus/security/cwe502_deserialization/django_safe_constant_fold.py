# gatherscan-corpus: cwe=502 expect=safe
# The condition folds to True ((7 * 42) - 86 > 200): the constant pickle is loaded.
import pickle

from django.http import JsonResponse

DEFAULT_STATE = b"\x80\x04}\x94."


def wizard_state(request):
    param = request.body
    num = 86
    if (7 * 42) - num > 200:
        blob = DEFAULT_STATE
    else:
        blob = param
    return JsonResponse({"state": pickle.loads(blob)})
