# gatherscan-corpus: cwe=1336 expect=safe
# The template source is constant; the request value is only context.
from flask import Flask, render_template_string, request

app = Flask(__name__)
HELLO = "<h1>Hello {{ name }}!</h1>"


@app.route("/hello")
def hello():
    return render_template_string(HELLO, name=request.args.get("name", "world"))
