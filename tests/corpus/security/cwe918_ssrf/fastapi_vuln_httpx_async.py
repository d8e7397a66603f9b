# gatherscan-corpus: cwe=918 expect=vulnerable
# An httpx AsyncClient fetches a query parameter.
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/unfurl")
async def unfurl(url: str):
    async with httpx.AsyncClient(timeout=5.0) as client:
        reply = await client.get(url)
    return {"status": reply.status_code}
