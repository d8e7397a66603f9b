# gatherscan-corpus: cwe=502 expect=safe
# yaml.load with the C SafeLoader.
import yaml
from django.http import JsonResponse


def import_fixture(request):
    data = yaml.load(request.body, Loader=yaml.CSafeLoader)
    return JsonResponse({"records": len(data)})
