# gatherscan-corpus: cwe=918 expect=safe
# The service name selects one of the constant URLs.
import requests
from django.http import JsonResponse

SERVICES = {
    "billing": "http://billing.internal:8000/health",
    "search": "http://search.internal:9200/_cluster/health",
}


def service_health(request):
    url = SERVICES.get(request.GET.get("service", ""), "http://gateway.internal/health")
    return JsonResponse({"status": requests.get(url, timeout=2).status_code})
