# gatherscan-corpus: cwe=614 expect=safe
# Both flags come from a constant dict of keyword arguments.
from flask import Flask, jsonify

app = Flask(__name__)
SECURE_COOKIE = {"secure": True, "httponly": True, "samesite": "Strict"}


@app.post("/remember-me")
def remember_me():
    response = jsonify(ok=True)
    response.set_cookie("remember", "1", max_age=86400, **SECURE_COOKIE)
    return response
