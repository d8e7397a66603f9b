# gatherscan-corpus: cwe=918 expect=safe
# Only webhook URLs registered in a fixed set are called.
import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
REGISTERED_WEBHOOKS = frozenset({"https://hooks.example.com/deploy", "https://hooks.example.com/notify"})


@app.post("/webhooks/fire")
async def fire(url: str):
    if url not in REGISTERED_WEBHOOKS:
        raise HTTPException(status_code=400, detail="unknown webhook")
    async with httpx.AsyncClient() as client:
        reply = await client.post(url, json={"event": "manual"})
    return {"status": reply.status_code}
