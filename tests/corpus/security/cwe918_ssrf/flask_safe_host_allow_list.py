# gatherscan-corpus: cwe=918 expect=safe
# The URL's scheme and parsed host must be on the allow-list.
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_HOSTS = {"api.example.com", "images.example.com"}


@app.get("/preview")
def preview():
    url = request.args["url"]
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        abort(400)
    return {"status": requests.get(url, timeout=5).status_code}
