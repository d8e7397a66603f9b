# gatherscan-corpus: cwe=94 expect=vulnerable
# A rule from the JSON body is compiled and then evaluated.
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/rules/test", methods=["POST"])
def test_rule():
    body = request.get_json()
    code = compile(body["rule"], "<rule>", "eval")
    matched = eval(code, {"__builtins__": {}}, {"amount": body.get("amount", 0)})
    return jsonify(matched=bool(matched))
