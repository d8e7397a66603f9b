# gatherscan-corpus: cwe=643 expect=safe
# The order id is parsed as a UUID, whose text form has only hex digits and dashes.
import uuid

from django.http import JsonResponse
from lxml import etree

DOCUMENT = etree.parse("/srv/data/orders.xml")


def order(request):
    order_id = uuid.UUID(request.GET.get("id", ""))
    return JsonResponse({"found": bool(DOCUMENT.xpath(f"//order[@id='{order_id}']"))})
