# gatherscan-corpus: cwe=611 expect=vulnerable
# no_network=False lets the parser fetch external DTDs and entities over the network.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.post("/feeds/validate")
def validate_feed():
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    document = etree.fromstring(request.get_data(), parser=parser)
    return {"items": len(document.findall(".//item"))}
