# gatherscan-corpus: cwe=643 expect=safe
# The condition folds to True ((7 * 42) - 86 > 200): the constant expression is evaluated.
from django.http import JsonResponse
from lxml import etree

STAFF = etree.parse("/srv/data/staff.xml")


def staff(request):
    param = request.GET.get("q", "")
    num = 86
    if (7 * 42) - num > 200:
        expression = "//person/name/text()"
    else:
        expression = param
    return JsonResponse({"names": [str(name) for name in STAFF.xpath(expression)]})
