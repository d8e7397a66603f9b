# gatherscan-corpus: cwe=22 expect=safe
# The joined path is resolved with realpath and must stay inside the base folder.
import os

from flask import Flask, abort, request

app = Flask(__name__)
BASE = os.path.realpath("/srv/app/exports")


@app.get("/exports")
def export_file():
    candidate = os.path.realpath(os.path.join(BASE, request.args.get("name", "")))
    if not candidate.startswith(BASE + os.sep):
        abort(404)
    with open(candidate, "rb") as handle:
        return handle.read()
