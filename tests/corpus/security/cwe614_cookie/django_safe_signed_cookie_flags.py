# gatherscan-corpus: cwe=614 expect=safe
# set_signed_cookie with both flags.
from django.http import HttpResponse


def remember_device(request):
    response = HttpResponse("device remembered")
    response.set_signed_cookie(
        "device",
        request.POST.get("device_id", ""),
        salt="devices",
        secure=True,
        httponly=True,
        samesite="Lax",
    )
    return response
