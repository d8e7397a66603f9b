# gatherscan-corpus: cwe=643 expect=safe
# The built expression is overwritten with a constant.
from django.http import JsonResponse
from lxml import etree

DOCUMENT = etree.parse("/srv/data/orders.xml")


def open_orders(request):
    status = request.GET.get("status", "open")
    expression = "//order[@status='" + status + "']"
    expression = "//order[@status='open']"
    return JsonResponse({"count": len(DOCUMENT.xpath(expression))})
