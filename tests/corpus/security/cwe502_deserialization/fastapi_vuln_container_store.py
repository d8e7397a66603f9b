# gatherscan-corpus: cwe=502 expect=vulnerable
# The body is stored in a dict and the element is unpickled.
import pickle

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/cache/put")
async def cache_put(request: Request):
    received = {"source": request.client.host if request.client else "?"}
    received["blob"] = await request.body()
    value = pickle.loads(received["blob"])
    return {"type": type(value).__name__, "source": received["source"]}
