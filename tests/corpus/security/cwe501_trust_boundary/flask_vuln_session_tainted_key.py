# gatherscan-corpus: cwe=501 expect=vulnerable
# The request chooses which session key is set.
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/flags")
def set_flag():
    flag = request.form["flag"]
    session[flag] = "1"
    return {"set": flag}
