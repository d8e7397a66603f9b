# gatherscan-corpus: cwe=330 expect=vulnerable
# An encryption key from a time-seeded Mersenne Twister.
import random
import time

from fastapi import FastAPI

app = FastAPI()


@app.post("/vaults")
def create_vault(name: str):
    random.seed(time.time())
    key = random.getrandbits(256).to_bytes(32, "big")
    return {"vault": name, "key": key.hex()}
