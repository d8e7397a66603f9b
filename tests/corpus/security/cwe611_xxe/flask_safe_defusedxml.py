# gatherscan-corpus: cwe=611 expect=safe
# defusedxml refuses entity declarations and external references.
from defusedxml.ElementTree import fromstring
from flask import Flask, request

app = Flask(__name__)


@app.post("/orders/import")
def import_order():
    root = fromstring(request.data)
    return {"customer": root.findtext("customer")}
