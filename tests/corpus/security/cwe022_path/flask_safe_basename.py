# gatherscan-corpus: cwe=22 expect=safe
# os.path.basename drops every directory part of the request value.
import os

from flask import Flask, request

app = Flask(__name__)
DOCS_DIR = "/srv/app/docs"


@app.route("/docs")
def read_doc():
    filename = os.path.basename(request.args.get("file", "index.md"))
    with open(os.path.join(DOCS_DIR, filename), encoding="utf-8") as handle:
        return handle.read(), 200, {"Content-Type": "text/plain"}
