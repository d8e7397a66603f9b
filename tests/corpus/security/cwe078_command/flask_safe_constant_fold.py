# gatherscan-corpus: cwe=78 expect=safe
# The conditional expression's condition folds to True (7 * 18 + 106 > 200), so the constant is chosen.
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/diagnostics/dig")
def dig():
    param = request.args.get("name", "")
    num = 106
    bar = "example.org" if 7 * 18 + num > 200 else param
    status = os.system(f"dig +short {bar}")
    return {"status": status}
