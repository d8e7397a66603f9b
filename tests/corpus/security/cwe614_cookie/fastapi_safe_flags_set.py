# gatherscan-corpus: cwe=614 expect=safe
# Starlette set_cookie with secure and httponly.
import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/token")
def token(response: Response):
    response.set_cookie(key="access_token", value=secrets.token_urlsafe(32), max_age=900, secure=True, httponly=True)
    return {"ok": True}
