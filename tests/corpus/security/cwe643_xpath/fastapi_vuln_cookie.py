# gatherscan-corpus: cwe=643 expect=vulnerable
# A cookie value selects a node of the preferences document.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
PREFERENCES = etree.parse("preferences.xml")


@app.get("/preferences")
def preferences(request: Request):
    profile = request.cookies.get("profile", "default")
    nodes = PREFERENCES.xpath("//profile[@name='" + profile + "']/*")
    return {node.tag: node.text for node in nodes}
