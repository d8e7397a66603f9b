# gatherscan-corpus: cwe=611 expect=vulnerable
# An uploaded file is parsed with a DTD-validating, entity-resolving lxml parser.
from django.http import JsonResponse
from lxml import etree


def import_catalogue(request):
    parser = etree.XMLParser(dtd_validation=True, resolve_entities=True)
    tree = etree.parse(request.FILES["catalogue"], parser)
    return JsonResponse({"products": len(tree.getroot())})
