# gatherscan-corpus: cwe=611 expect=safe
# The condition folds to True (7 * 18 + 106 > 200), so the constant document is parsed.
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
SAMPLE = b"<invoice><total>0</total></invoice>"


@app.post("/invoices/dry-run")
async def dry_run(request: Request):
    body = await request.body()
    num = 106
    document = SAMPLE if 7 * 18 + num > 200 else body
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=True))
    return {"total": root.findtext("total")}
