# gatherscan-corpus: cwe=611 expect=safe
# The request body is overwritten with a constant document before parsing.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()


@app.post("/ping")
async def ping(request: Request):
    document = await request.body()
    document = b"<ping/>"
    root = etree.fromstring(document, etree.XMLParser(load_dtd=True, resolve_entities=True))
    return {"tag": root.tag}
