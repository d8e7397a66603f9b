# gatherscan-corpus: cwe=611 expect=vulnerable
# A helper parses its argument with an entity-resolving, network-enabled parser; the route passes the body.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()


def parse_invoice(raw):
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    return etree.fromstring(raw, parser)


@app.post("/invoices")
async def upload_invoice(request: Request):
    invoice = parse_invoice(await request.body())
    return {"total": invoice.findtext("total")}
