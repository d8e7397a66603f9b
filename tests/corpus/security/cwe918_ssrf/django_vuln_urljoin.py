# gatherscan-corpus: cwe=918 expect=vulnerable
# urljoin with a request path: "//evil.test/x" or a full URL replaces the base host.
from urllib.parse import urljoin

import requests
from django.http import HttpResponse

CDN = "https://cdn.example.com/assets/"


def asset_proxy(request):
    target = urljoin(CDN, request.GET.get("path", ""))
    reply = requests.get(target, timeout=5)
    return HttpResponse(reply.content, content_type=reply.headers.get("Content-Type"))
