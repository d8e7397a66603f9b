# gatherscan-corpus: cwe=611 expect=vulnerable
# pulldom with a SAX parser that resolves external entities, on the request body.
import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges

from django.http import JsonResponse


def count_entries(request):
    sax_parser = xml.sax.make_parser()
    sax_parser.setFeature(feature_external_ges, True)
    events = pulldom.parseString(request.body.decode("utf-8"), parser=sax_parser)
    entries = 0
    for event, node in events:
        if event == pulldom.START_ELEMENT and node.tagName == "entry":
            entries += 1
    return JsonResponse({"entries": entries})
