# gatherscan-corpus: cwe=22 expect=vulnerable
# normpath alone does not confine the path: "../../etc/passwd" normalises to a path outside.
import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/app/exports"


@app.get("/exports")
def export_file():
    name = request.args.get("name", "")
    path = os.path.normpath(BASE + "/" + name)
    with open(path, "rb") as handle:
        return handle.read()
