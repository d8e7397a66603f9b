# gatherscan-corpus: cwe=1336 expect=safe
# The request selects one of the constant template sources.
from flask import Flask, render_template_string, request

app = Flask(__name__)
LAYOUTS = {
    "short": "<p>{{ sku }}</p>",
    "long": "<p>{{ sku }} - {{ name }}</p>",
}


@app.get("/labels")
def label():
    layout = LAYOUTS.get(request.args.get("layout", "short"), "<p>{{ sku }}</p>")
    return render_template_string(layout, sku=request.args.get("sku", ""), name=request.args.get("name", ""))
