# gatherscan-corpus: cwe=501 expect=vulnerable
# session.update with a dict holding repeated GET values.
from django.http import JsonResponse


def remember_cart(request):
    request.session.update({"cart": request.GET.getlist("item"), "source": "query"})
    return JsonResponse({"items": len(request.session["cart"])})
