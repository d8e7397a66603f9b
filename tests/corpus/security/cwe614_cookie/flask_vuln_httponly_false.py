# gatherscan-corpus: cwe=614 expect=vulnerable
# secure is set but httponly=False exposes the auth cookie to scripts (CWE-1004).
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/api/token")
def issue_token():
    response = make_response({"issued": True})
    response.set_cookie("auth", secrets.token_hex(32), secure=True, httponly=False)
    return response
