# gatherscan-corpus: cwe=501 expect=vulnerable
# Header values are copied into the session in a loop.
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")
FORWARDED = ("x-user", "x-team")


@app.get("/sync")
def sync_identity(request: Request):
    for header in FORWARDED:
        request.session[header] = request.headers.get(header, "")
    return {"synced": len(FORWARDED)}
