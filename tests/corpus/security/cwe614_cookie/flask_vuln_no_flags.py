# gatherscan-corpus: cwe=614 expect=vulnerable
# A session token cookie set without secure or httponly.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/login")
def login():
    response = make_response({"ok": True})
    response.set_cookie("session_token", secrets.token_urlsafe(32), max_age=3600)
    return response
