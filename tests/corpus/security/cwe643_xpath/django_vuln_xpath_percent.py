# gatherscan-corpus: cwe=643 expect=vulnerable
# A product sku from GET is %-formatted into the expression.
from django.http import JsonResponse
from lxml import etree

FEED = etree.parse("/srv/feeds/products.xml")


def product_price(request):
    sku = request.GET.get("sku", "")
    prices = FEED.xpath("//product[@sku='%s']/price/text()" % sku)
    return JsonResponse({"prices": [str(price) for price in prices]})
