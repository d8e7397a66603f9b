# gatherscan-corpus: cwe=1336 expect=vulnerable
# jinja2.Template built from JSON input.
from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)


@app.post("/labels/render")
def render_label():
    spec = request.get_json()
    label = Template(spec["layout"]).render(sku=spec.get("sku", ""))
    return {"label": label}
