# gatherscan-corpus: cwe=501 expect=vulnerable
# A POSTed role is stored in the Django session.
from django.http import JsonResponse


def choose_role(request):
    request.session["role"] = request.POST["role"]
    return JsonResponse({"role": request.session["role"]})
