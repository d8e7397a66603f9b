# gatherscan-corpus: cwe=614 expect=vulnerable
# httponly is set but secure=False sends the cookie over plain HTTP.
from flask import Flask, jsonify

app = Flask(__name__)


@app.post("/remember-me")
def remember_me():
    response = jsonify(ok=True)
    response.set_cookie("remember", "1", secure=False, httponly=True, samesite="Lax")
    return response
