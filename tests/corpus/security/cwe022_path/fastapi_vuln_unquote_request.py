# gatherscan-corpus: cwe=22 expect=vulnerable
# A query value is URL-decoded ("%2e%2e%2f") and then opened.
from urllib.parse import unquote

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/attachments")
async def attachment(request: Request):
    name = unquote(request.query_params.get("name", ""))
    with open("/srv/attachments/" + name, "rb") as handle:
        return {"size": len(handle.read())}
