# gatherscan-corpus: cwe=502 expect=vulnerable
# yaml.unsafe_load on a form field.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/settings/import")
def import_settings():
    settings = yaml.unsafe_load(request.form["settings"])
    return {"keys": sorted(settings)}
