# gatherscan-corpus: cwe=1336 expect=vulnerable
# The request value becomes part of the template source ({{ 7*7 }} is evaluated).
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return render_template_string(f"<h1>Hello {name}!</h1>")
