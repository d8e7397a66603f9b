# gatherscan-corpus: cwe=614 expect=vulnerable
# set_signed_cookie without secure or httponly: signing does not protect it in transit.
from django.http import HttpResponse


def remember_device(request):
    response = HttpResponse("device remembered")
    response.set_signed_cookie("device", request.POST.get("device_id", ""), salt="devices")
    return response
