# gatherscan-corpus: cwe=502 expect=safe
# yaml.load with SafeLoader.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/settings/import")
def import_settings():
    settings = yaml.load(request.form["settings"], Loader=yaml.SafeLoader)
    return {"keys": sorted(settings)}
