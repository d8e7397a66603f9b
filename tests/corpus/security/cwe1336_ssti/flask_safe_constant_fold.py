# gatherscan-corpus: cwe=1336 expect=safe
# The condition folds to True (7 * 18 + 106 > 200): the constant template is rendered.
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/motd")
def motd():
    param = request.args.get("tpl", "")
    num = 106
    bar = "<p>{{ message }}</p>" if 7 * 18 + num > 200 else param
    return render_template_string(bar, message="Have a nice day")
