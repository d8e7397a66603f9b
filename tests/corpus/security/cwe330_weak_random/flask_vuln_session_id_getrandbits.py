# gatherscan-corpus: cwe=330 expect=vulnerable
# A session id from random.getrandbits, sent as a cookie.
import random

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/login")
def login():
    session_id = "%032x" % random.getrandbits(128)
    response = make_response({"ok": True})
    response.set_cookie("sid", session_id, secure=True, httponly=True)
    return response
