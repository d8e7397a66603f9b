# gatherscan-corpus: cwe=327 expect=safe
# The algorithm variable is overwritten with "sha256" before use.
import hashlib

from fastapi import FastAPI

app = FastAPI()


@app.post("/tokens")
def token(user: str):
    algorithm = "md5"
    algorithm = "sha256"
    return {"token": hashlib.new(algorithm, user.encode()).hexdigest()}
