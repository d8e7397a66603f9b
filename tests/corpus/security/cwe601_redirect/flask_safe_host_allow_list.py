# gatherscan-corpus: cwe=601 expect=safe
# The target's scheme and host are parsed and must be on the allow-list.
from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
TRUSTED_HOSTS = {"example.com", "www.example.com", "docs.example.com"}


@app.get("/out")
def outbound():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in TRUSTED_HOSTS:
        abort(400)
    return redirect(url)
