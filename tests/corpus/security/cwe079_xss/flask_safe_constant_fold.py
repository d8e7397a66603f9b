# gatherscan-corpus: cwe=79 expect=safe
# The condition folds to True (7 * 18 + 106 > 200): the page shows a constant.
from flask import Flask, request

app = Flask(__name__)


@app.route("/motd")
def motd():
    param = request.args.get("msg", "")
    num = 106
    bar = "Have a nice day" if 7 * 18 + num > 200 else param
    return f"<p>{bar}</p>"
