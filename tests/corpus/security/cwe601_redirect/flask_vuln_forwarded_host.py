# gatherscan-corpus: cwe=601 expect=vulnerable
# The redirect host comes from a request header.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/welcome")
def welcome():
    host = request.headers.get("X-Forwarded-Host", "example.com")
    return redirect(f"https://{host}/start")
