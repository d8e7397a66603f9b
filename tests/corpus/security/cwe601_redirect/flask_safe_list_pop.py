# gatherscan-corpus: cwe=601 expect=safe
# After pop(0), index 1 holds the constant "/home", not the request value.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/back")
def back():
    candidates = ["/start", request.args.get("next", ""), "/home"]
    candidates.pop(0)
    return redirect(candidates[1])
