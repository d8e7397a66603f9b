# gatherscan-corpus: cwe=611 expect=safe
# Hardened parser options passed through a dict of keyword arguments.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
SAFE_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}


@app.post("/svg/info")
def svg_info():
    root = etree.fromstring(request.form["svg"].encode(), etree.XMLParser(**SAFE_OPTIONS))
    return {"width": root.get("width")}
