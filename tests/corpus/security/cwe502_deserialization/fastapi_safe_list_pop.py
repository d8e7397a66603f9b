# gatherscan-corpus: cwe=502 expect=safe
# After pop(0), index 1 holds the constant pickle, not the body.
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/restore")
async def restore(request: Request):
    blobs = [b"\x80\x04N.", await request.body(), b"\x80\x04]\x94."]
    blobs.pop(0)
    return {"value": pickle.loads(blobs[1])}
