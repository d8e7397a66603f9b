# gatherscan-corpus: cwe=643 expect=vulnerable
# Conditions from repeated query values are appended in a loop and joined.
from fastapi import FastAPI, Query
from lxml import etree

app = FastAPI()
INVENTORY = etree.parse("inventory.xml")


@app.get("/items")
def items(tag: list[str] = Query([])):
    conditions = []
    for value in tag:
        conditions.append(f"tag='{value}'")
    predicate = " or ".join(conditions) or "true()"
    return {"count": len(INVENTORY.xpath(f"//item[{predicate}]"))}
