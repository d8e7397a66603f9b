# gatherscan-corpus: cwe=330 expect=safe
# secrets.randbelow for a numeric code.
import secrets

from fastapi import FastAPI

app = FastAPI()


@app.post("/otp")
def otp(phone: str):
    code = f"{secrets.randbelow(10**6):06d}"
    return {"phone": phone, "sent": bool(code)}
