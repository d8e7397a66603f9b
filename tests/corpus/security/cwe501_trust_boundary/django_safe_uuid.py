# gatherscan-corpus: cwe=501 expect=safe
# The basket id is parsed as a UUID before it is stored.
import uuid

from django.http import JsonResponse


def attach_basket(request):
    basket = uuid.UUID(request.GET.get("basket", ""))
    request.session["basket"] = str(basket)
    return JsonResponse({"basket": request.session["basket"]})
