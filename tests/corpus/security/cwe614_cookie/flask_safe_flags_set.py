# gatherscan-corpus: cwe=614 expect=safe
# secure and httponly both set.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/login")
def login():
    response = make_response({"ok": True})
    response.set_cookie("session_token", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Lax")
    return response
