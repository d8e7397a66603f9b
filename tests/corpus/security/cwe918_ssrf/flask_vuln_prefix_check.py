# gatherscan-corpus: cwe=918 expect=vulnerable
# A string-prefix check is no host check: "https://api.example.com.evil.test/" passes.
import requests
from flask import Flask, abort, request

app = Flask(__name__)


@app.get("/proxy")
def proxy():
    url = request.args.get("url", "")
    if not url.startswith("https://api.example.com"):
        abort(400)
    return requests.get(url, timeout=5).json()
