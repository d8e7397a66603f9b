# gatherscan-corpus: cwe=614 expect=safe
# The flags are local variables bound to True.
from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/login")
def login():
    secure_cookie = True
    script_hidden = True
    response = JSONResponse({"ok": True})
    response.set_cookie("session", "opaque-session-id", secure=secure_cookie, httponly=script_hidden)
    return response
