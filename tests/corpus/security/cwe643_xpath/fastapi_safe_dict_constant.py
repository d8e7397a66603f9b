# gatherscan-corpus: cwe=643 expect=safe
# The path parameter selects one of the constant expressions.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
INVENTORY = etree.parse("inventory.xml")
QUERIES = {"cheap": "//item[price < 10]", "new": "//item[@new='true']"}


@app.get("/items/{view}")
def items(view: str):
    return {"count": len(INVENTORY.xpath(QUERIES.get(view, "//item")))}
