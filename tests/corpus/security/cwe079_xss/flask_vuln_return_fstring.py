# gatherscan-corpus: cwe=79 expect=vulnerable
# A Flask view returns a str (served as text/html) with a query parameter in it.
from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"<h1>Hello {name}!</h1>"
