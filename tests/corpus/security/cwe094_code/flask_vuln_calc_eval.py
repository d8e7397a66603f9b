# gatherscan-corpus: cwe=94 expect=vulnerable
# A calculator endpoint evaluates the query string.
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args["expr"]
    return {"result": eval(expression)}
