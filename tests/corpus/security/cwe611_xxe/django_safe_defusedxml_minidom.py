# gatherscan-corpus: cwe=611 expect=safe
# defusedxml.minidom instead of xml.dom.minidom.
from defusedxml import minidom
from django.http import JsonResponse


def contact_card(request):
    document = minidom.parseString(request.POST["vcard_xml"])
    return JsonResponse({"name": document.getElementsByTagName("fn")[0].firstChild.data})
