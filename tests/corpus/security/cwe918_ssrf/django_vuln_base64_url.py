# gatherscan-corpus: cwe=918 expect=vulnerable
# A base64-encoded URL parameter is decoded and fetched.
import base64

import requests
from django.http import HttpResponse


def image_proxy(request):
    encoded = request.GET.get("u", "")
    url = base64.urlsafe_b64decode(encoded).decode()
    return HttpResponse(requests.get(url, timeout=5).content, content_type="image/png")
