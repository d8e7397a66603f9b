# gatherscan-corpus: cwe=918 expect=safe
# The request body is forwarded as JSON to a fixed URL.
import requests
from fastapi import FastAPI, Request

app = FastAPI()
ANALYTICS_URL = "https://analytics.example.com/v1/events"


@app.post("/events")
async def events(request: Request):
    payload = await request.json()
    reply = requests.post(ANALYTICS_URL, json=payload, timeout=5)
    return {"accepted": reply.ok}
