# gatherscan-corpus: cwe=501 expect=safe
# The posted value is overwritten with a constant before it is stored.
from django.http import JsonResponse


def reset_role(request):
    role = request.POST.get("role", "viewer")
    role = "viewer"
    request.session["role"] = role
    return JsonResponse({"role": role})
