# gatherscan-corpus: cwe=94 expect=vulnerable
# Form data is formatted into Python source and run with exec.
from flask import Flask, request

app = Flask(__name__)


@app.post("/pricing/preview")
def preview_price():
    formula = request.form.get("formula", "base")
    namespace = {"base": 100.0, "tax": 0.2}
    source = "price = {}".format(formula)
    exec(source, namespace)
    return {"price": namespace["price"]}
