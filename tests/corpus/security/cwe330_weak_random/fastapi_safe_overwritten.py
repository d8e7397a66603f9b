# gatherscan-corpus: cwe=330 expect=safe
# A random-module token is overwritten with a secrets token before it is returned.
import random
import secrets

from fastapi import FastAPI

app = FastAPI()


@app.post("/devices/pair")
def pair_device(device: str):
    pairing_token = str(random.getrandbits(32))
    pairing_token = secrets.token_urlsafe(16)
    return {"device": device, "pairing_token": pairing_token}
