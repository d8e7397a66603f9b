# gatherscan-corpus: cwe=327 expect=safe
# Keyed BLAKE2b for API key digests.
import hashlib

from fastapi import FastAPI, Header, HTTPException

app = FastAPI()
PEPPER = b"server-side-pepper-value"
KEY_DIGESTS = {"c0ffee"}


@app.get("/private")
def private(x_api_key: str = Header(...)):
    if hashlib.blake2b(x_api_key.encode(), key=PEPPER).hexdigest() not in KEY_DIGESTS:
        raise HTTPException(status_code=401)
    return {"ok": True}
