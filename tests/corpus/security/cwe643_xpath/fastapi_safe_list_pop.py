# gatherscan-corpus: cwe=643 expect=safe
# After pop(0), index 1 is the constant expression.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
INVENTORY = etree.parse("inventory.xml")


@app.get("/names")
def names(expr: str = ""):
    expressions = ["//item", expr, "//item/name/text()"]
    expressions.pop(0)
    return {"names": [str(name) for name in INVENTORY.xpath(expressions[1])]}
