# gatherscan-corpus: cwe=611 expect=safe
# defusedxml.ElementTree.parse on an uploaded file.
import defusedxml.ElementTree as SafeET
from django.http import JsonResponse


def import_catalogue(request):
    tree = SafeET.parse(request.FILES["catalogue"])
    return JsonResponse({"products": len(tree.getroot())})
