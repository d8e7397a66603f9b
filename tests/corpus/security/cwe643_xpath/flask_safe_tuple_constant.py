# gatherscan-corpus: cwe=643 expect=safe
# Tuple unpacking: the expression is the constant element.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
FEED = etree.parse("feed.xml")


@app.get("/feed")
def feed():
    expression, title = "//entry/title/text()", request.args.get("title", "Feed")
    return {"title": title, "entries": [str(entry) for entry in FEED.xpath(expression)]}
