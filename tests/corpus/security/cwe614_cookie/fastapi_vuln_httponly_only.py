# gatherscan-corpus: cwe=614 expect=vulnerable
# httponly=True but secure left at its default False.
from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/login")
def login():
    response = JSONResponse({"ok": True})
    response.set_cookie("session", "opaque-session-id", httponly=True, samesite="lax")
    return response
