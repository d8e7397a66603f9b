# gatherscan-corpus: cwe=330 expect=vulnerable
# A CSP nonce from random.random, sent in a header.
import random

from django.shortcuts import render


def page(request):
    nonce = str(random.random())[2:]
    response = render(request, "page.html", {"nonce": nonce})
    response["Content-Security-Policy"] = f"script-src 'nonce-{nonce}'"
    return response
