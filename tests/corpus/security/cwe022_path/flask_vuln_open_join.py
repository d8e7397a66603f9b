# gatherscan-corpus: cwe=22 expect=vulnerable
# os.path.join with a request value: "../" segments or an absolute path escape the folder.
import os

from flask import Flask, request

app = Flask(__name__)
DOCS_DIR = "/srv/app/docs"


@app.route("/docs")
def read_doc():
    filename = request.args.get("file", "index.md")
    with open(os.path.join(DOCS_DIR, filename), encoding="utf-8") as handle:
        return handle.read(), 200, {"Content-Type": "text/plain"}
