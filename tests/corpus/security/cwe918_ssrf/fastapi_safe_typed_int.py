# gatherscan-corpus: cwe=918 expect=safe
# FastAPI converts the parameter annotated as int; the host is fixed.
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/orders/{order_id}/tracking")
def tracking(order_id: int):
    reply = httpx.get(f"https://tracking.example.com/api/orders/{order_id}", timeout=5.0)
    return reply.json()
