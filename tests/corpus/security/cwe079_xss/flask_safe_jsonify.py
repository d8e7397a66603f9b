# gatherscan-corpus: cwe=79 expect=safe
# The value is returned as JSON (application/json), not HTML.
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/greeting")
def greeting():
    name = request.args.get("name", "world")
    return jsonify(message=f"Hello {name}!", length=len(name))
