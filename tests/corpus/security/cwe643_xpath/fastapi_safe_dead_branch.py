# gatherscan-corpus: cwe=643 expect=safe
# Raw expressions are only accepted in a branch a constant disables.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
INVENTORY = etree.parse("inventory.xml")
ALLOW_RAW_XPATH = False


@app.get("/query")
def query(expr: str = ""):
    expression = "//item/name/text()"
    if ALLOW_RAW_XPATH:
        expression = expr
    return {"names": [str(name) for name in INVENTORY.xpath(expression)]}
