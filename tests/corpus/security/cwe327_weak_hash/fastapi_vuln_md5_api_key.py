# gatherscan-corpus: cwe=327 expect=vulnerable
# API keys are stored and compared as MD5 digests.
import hashlib

from fastapi import FastAPI, Header, HTTPException

app = FastAPI()
KEY_DIGESTS = {"5f4dcc3b5aa765d61d8327deb882cf99"}


@app.get("/private")
def private(x_api_key: str = Header(...)):
    if hashlib.md5(x_api_key.encode()).hexdigest() not in KEY_DIGESTS:
        raise HTTPException(status_code=401)
    return {"ok": True}
