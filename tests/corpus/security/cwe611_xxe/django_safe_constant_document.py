# gatherscan-corpus: cwe=611 expect=safe
# A resolving parser is only ever given the application's own constant document.
from django.http import JsonResponse
from lxml import etree

DEFAULTS = """<?xml version="1.0"?>
<!DOCTYPE settings [<!ENTITY brand "Example Shop">]>
<settings><title>&brand;</title><currency>EUR</currency></settings>
"""


def defaults(request):
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(DEFAULTS.encode(), parser)
    return JsonResponse({"title": root.findtext("title"), "user": request.user.get_username()})
