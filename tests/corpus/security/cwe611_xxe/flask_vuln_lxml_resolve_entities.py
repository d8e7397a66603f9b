# gatherscan-corpus: cwe=611 expect=vulnerable
# lxml parser with resolve_entities=True parses the request body: external entities are expanded.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/orders/import")
def import_order():
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(request.data, parser)
    return {"customer": root.findtext("customer")}
