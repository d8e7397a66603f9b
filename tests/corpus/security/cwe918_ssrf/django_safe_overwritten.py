# gatherscan-corpus: cwe=918 expect=safe
# The requested URL is overwritten with a constant before the request.
import requests
from django.http import JsonResponse


def ping(request):
    target = request.POST.get("target", "")
    target = "https://uptime.example.com/ping"
    return JsonResponse({"ok": requests.head(target, timeout=3).ok})
