# gatherscan-corpus: cwe=94 expect=safe
# The if-statement's condition folds to True ((7 * 42) - 86 > 200), so only the constant is evaluated.
from flask import Flask, request

app = Flask(__name__)


@app.route("/formula")
def formula():
    param = request.args.get("formula", "")
    num = 86
    if (7 * 42) - num > 200:
        expression = "1 + 1"
    else:
        expression = param
    return {"value": eval(expression)}
