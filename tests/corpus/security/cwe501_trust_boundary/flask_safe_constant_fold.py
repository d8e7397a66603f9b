# gatherscan-corpus: cwe=501 expect=safe
# The condition folds to True (7 * 18 + 106 > 200): the constant is stored.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/mode")
def mode():
    param = request.args.get("mode", "")
    num = 106
    bar = "standard" if 7 * 18 + num > 200 else param
    session["mode"] = bar
    return {"mode": bar}
