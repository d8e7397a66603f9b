# gatherscan-corpus: cwe=79 expect=safe
# html.escape encodes the value before it is put into HTML.
import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = html.escape(request.args.get("name", "world"))
    return f"<h1>Hello {name}!</h1>"
