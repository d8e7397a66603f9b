# gatherscan-corpus: cwe=614 expect=vulnerable
# secure=not DEBUG with DEBUG = True folds to secure=False.
import secrets

from flask import Flask, make_response

app = Flask(__name__)
DEBUG = True


@app.post("/login")
def login():
    response = make_response({"ok": True})
    response.set_cookie("sid", secrets.token_urlsafe(24), secure=not DEBUG, httponly=True)
    return response
