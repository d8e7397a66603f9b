# gatherscan-corpus: cwe=330 expect=vulnerable
# A same-module helper makes tokens with random; the route hands them out.
import random

from fastapi import FastAPI

app = FastAPI()


def make_token(length=24):
    return "".join(str(random.randint(0, 9)) for _ in range(length))


@app.post("/devices/pair")
def pair_device(device: str):
    return {"device": device, "pairing_token": make_token()}
