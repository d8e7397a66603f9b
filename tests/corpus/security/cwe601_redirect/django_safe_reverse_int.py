# gatherscan-corpus: cwe=601 expect=safe
# The order id is converted with int() and the URL comes from reverse().
from django.shortcuts import redirect
from django.urls import reverse


def order_created(request):
    order_id = int(request.POST["order_id"])
    return redirect(reverse("orders:detail", args=[order_id]))
