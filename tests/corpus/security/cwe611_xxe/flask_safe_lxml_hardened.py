# gatherscan-corpus: cwe=611 expect=safe
# lxml parser with entity resolution, DTD loading and network access all off.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
HARDENED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@app.post("/feeds/validate")
def validate_feed():
    document = etree.fromstring(request.get_data(), parser=HARDENED_PARSER)
    return {"items": len(document.findall(".//item"))}
