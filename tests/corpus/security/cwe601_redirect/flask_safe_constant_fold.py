# gatherscan-corpus: cwe=601 expect=safe
# The condition folds to True ((7 * 42) - 86 > 200): the constant path is the target.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/logout")
def logout():
    param = request.args.get("next", "")
    num = 86
    if (7 * 42) - num > 200:
        bar = "/goodbye"
    else:
        bar = param
    return redirect(bar)
