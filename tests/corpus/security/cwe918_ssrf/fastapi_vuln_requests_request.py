# gatherscan-corpus: cwe=918 expect=vulnerable
# requests.request with a target URL assembled from a header and a path.
import requests
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/forward/{path:path}")
def forward(path: str, request: Request):
    upstream = request.headers.get("x-upstream", "backend.internal")
    target = "http://" + upstream + "/" + path
    reply = requests.request("GET", target, timeout=5)
    return {"status": reply.status_code}
