# gatherscan-corpus: cwe=502 expect=vulnerable
# jsonpickle.decode restores arbitrary objects from POST data.
import jsonpickle
from django.http import JsonResponse


def restore_wizard(request):
    state = jsonpickle.decode(request.POST.get("state", "{}"))
    return JsonResponse({"step": getattr(state, "step", 0)})
