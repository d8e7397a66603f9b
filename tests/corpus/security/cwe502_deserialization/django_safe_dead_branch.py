# gatherscan-corpus: cwe=502 expect=safe
# Pickle input is only read in a branch a constant disables; JSON is used otherwise.
import json
import pickle

from django.http import JsonResponse

ACCEPT_PICKLE = False


def import_state(request):
    if ACCEPT_PICKLE:
        state = pickle.loads(request.body)
    else:
        state = json.loads(request.body)
    return JsonResponse({"keys": sorted(state)})
