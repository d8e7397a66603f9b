# gatherscan-corpus: cwe=327 expect=safe
# The request selects among constant strong algorithms only.
import hashlib

from fastapi import FastAPI

app = FastAPI()
ALGORITHMS = {"default": "sha256", "strong": "sha512", "fast": "blake2b"}


@app.post("/digest")
def digest(data: str, strength: str = "default"):
    algorithm = ALGORITHMS.get(strength, "sha256")
    return {"digest": hashlib.new(algorithm, data.encode()).hexdigest()}
