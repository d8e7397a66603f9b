# gatherscan-corpus: cwe=611 expect=vulnerable
# The unsafe parser options are passed through a dict of keyword arguments.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
PARSER_OPTIONS = {"load_dtd": True, "resolve_entities": True, "no_network": False}


@app.post("/metadata")
async def metadata(request: Request):
    parser = etree.XMLParser(**PARSER_OPTIONS)
    root = etree.fromstring(await request.body(), parser)
    return {"entity": root.get("entityID")}
