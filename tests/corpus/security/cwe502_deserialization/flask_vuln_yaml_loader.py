# gatherscan-corpus: cwe=502 expect=vulnerable
# yaml.load with the full, unsafe yaml.Loader on the request body.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.load(request.get_data(as_text=True), Loader=yaml.Loader)
    return {"steps": len(spec.get("steps", []))}
