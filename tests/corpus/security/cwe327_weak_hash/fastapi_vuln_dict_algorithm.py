# gatherscan-corpus: cwe=327 expect=vulnerable
# The algorithm comes from a constant dict entry that is "md5".
import hashlib

from fastapi import FastAPI

app = FastAPI()
ALGORITHMS = {"legacy": "md5", "current": "sha256"}


@app.post("/tokens/legacy")
def legacy_token(user: str):
    return {"token": hashlib.new(ALGORITHMS["legacy"], user.encode()).hexdigest()}
