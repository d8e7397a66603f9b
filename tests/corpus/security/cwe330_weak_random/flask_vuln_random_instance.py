# gatherscan-corpus: cwe=330 expect=vulnerable
# A random.Random instance generates CSRF tokens.
import random

from flask import Flask, session

app = Flask(__name__)
rng = random.Random()


@app.get("/form")
def form():
    csrf_token = format(rng.getrandbits(64), "016x")
    session["csrf_token"] = csrf_token
    return {"csrf_token": csrf_token}
