# gatherscan-corpus: cwe=643 expect=vulnerable
# A conditional expression on the request keeps the raw value on one branch.
from django.http import JsonResponse
from lxml import etree

STAFF = etree.parse("/srv/data/staff.xml")


def staff_search(request):
    office = request.GET.get("office", "")
    expression = f"//person[office='{office}']" if office else "//person"
    return JsonResponse({"count": len(STAFF.xpath(expression))})
