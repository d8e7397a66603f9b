# gatherscan-corpus: cwe=611 expect=safe
# defusedxml.sax.parseString on the request body.
import xml.sax

from defusedxml.sax import parseString
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/check")
async def check(request: Request):
    parseString(await request.body(), xml.sax.ContentHandler())
    return {"ok": True}
