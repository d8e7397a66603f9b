# gatherscan-corpus: cwe=614 expect=vulnerable
# Starlette's set_cookie defaults to secure=False and httponly=False.
import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/token")
def token(response: Response):
    response.set_cookie(key="access_token", value=secrets.token_urlsafe(32), max_age=900)
    return {"ok": True}
