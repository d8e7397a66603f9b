# gatherscan-corpus: cwe=502 expect=safe
# yaml.safe_load on the request body.
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.safe_load(request.get_data(as_text=True))
    return {"steps": len(spec.get("steps", []))}
