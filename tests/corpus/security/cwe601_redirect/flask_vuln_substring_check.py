# gatherscan-corpus: cwe=601 expect=vulnerable
# A substring test is no host check: "https://evil.test/?example.com" passes it.
from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.get("/out")
def outbound():
    url = request.args.get("url", "")
    if "example.com" not in url:
        abort(400)
    return redirect(url, code=302)
