# gatherscan-corpus: cwe=614 expect=vulnerable
# secure=True without httponly: scripts can read the cookie (CWE-1004).
from django.http import HttpResponse


def set_cart(request):
    response = HttpResponse("cart saved")
    response.set_cookie("cart_id", request.GET.get("cart", ""), secure=True, samesite="Strict")
    return response
