# gatherscan-corpus: cwe=611 expect=vulnerable
# A module-level lxml parser with DTD loading and entity resolution is used on form data.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
RESOLVING_PARSER = etree.XMLParser(load_dtd=True, resolve_entities=True)


@app.post("/svg/info")
def svg_info():
    root = etree.XML(request.form["svg"].encode(), RESOLVING_PARSER)
    return {"width": root.get("width"), "height": root.get("height")}
