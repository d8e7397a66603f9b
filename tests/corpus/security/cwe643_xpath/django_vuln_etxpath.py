# gatherscan-corpus: cwe=643 expect=vulnerable
# lxml ETXPath compiled from a POST value.
from django.http import JsonResponse
from lxml import etree

DOCUMENT = etree.parse("/srv/data/orders.xml")


def order_lines(request):
    order = request.POST.get("order", "")
    finder = etree.ETXPath("//{urn:shop}order[@number='" + order + "']/{urn:shop}line")
    return JsonResponse({"lines": len(finder(DOCUMENT))})
