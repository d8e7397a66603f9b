# gatherscan-corpus: cwe=94 expect=safe
# The operator is allow-listed and both operands are converted with int() before eval.
from flask import Flask, abort, request

app = Flask(__name__)
OPERATORS = ("+", "-", "*")


@app.get("/arith")
def arith():
    operator = request.args.get("op", "+")
    if operator not in OPERATORS:
        abort(400)
    left = int(request.args.get("a", "0"))
    right = int(request.args.get("b", "0"))
    return {"result": eval(f"{left} {operator} {right}")}
