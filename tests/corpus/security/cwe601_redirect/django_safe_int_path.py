# gatherscan-corpus: cwe=601 expect=safe
# The path is constant apart from an int.
from django.http import HttpResponseRedirect


def legacy_product(request):
    product_id = int(request.GET.get("id", "0"))
    return HttpResponseRedirect(f"/products/{product_id}/")
