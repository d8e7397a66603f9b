# gatherscan-corpus: cwe=327 expect=vulnerable
# usedforsecurity=True says it out loud: MD5 used for a security purpose.
import hashlib

from fastapi import FastAPI

app = FastAPI()


@app.post("/otp/verify")
def verify(code: str, expected_digest: str):
    return {"ok": hashlib.md5(code.encode(), usedforsecurity=True).hexdigest() == expected_digest}
