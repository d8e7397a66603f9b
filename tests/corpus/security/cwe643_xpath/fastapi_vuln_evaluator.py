# gatherscan-corpus: cwe=643 expect=vulnerable
# An XPathEvaluator is called with an expression built from a path parameter.
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
evaluate = etree.XPathEvaluator(etree.parse("catalogue.xml"))


@app.get("/categories/{name}/count")
def category_count(name: str):
    return {"count": int(evaluate(f"count(//category[@name='{name}']/item)"))}
