# gatherscan-corpus: cwe=611 expect=vulnerable
# minidom given a SAX parser with external entities enabled, on POST data.
import xml.sax
from xml.dom import minidom
from xml.sax.handler import feature_external_ges

from django.http import JsonResponse


def contact_card(request):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    document = minidom.parseString(request.POST["vcard_xml"], parser)
    return JsonResponse({"name": document.getElementsByTagName("fn")[0].firstChild.data})
