# gatherscan-corpus: cwe=601 expect=safe
# The redirect to the parameter is in a branch a constant disables.
from django.http import HttpResponseRedirect

FOLLOW_NEXT_PARAMETER = False


def logout_view(request):
    target = "/"
    if FOLLOW_NEXT_PARAMETER:
        target = request.GET.get("next", "/")
    return HttpResponseRedirect(target)
