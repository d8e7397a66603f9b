# gatherscan-corpus: cwe=643 expect=safe
# The element name must be one of a fixed set.
from django.http import HttpResponseBadRequest, JsonResponse
from lxml import etree

FEED = etree.parse("/srv/feeds/products.xml")
FIELDS = ("price", "stock", "title")


def product_field(request):
    field = request.GET.get("field", "price")
    if field not in FIELDS:
        return HttpResponseBadRequest("unknown field")
    return JsonResponse({"values": [str(value) for value in FEED.xpath(f"//product/{field}/text()")]})
