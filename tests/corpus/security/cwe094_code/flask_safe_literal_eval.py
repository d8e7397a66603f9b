# gatherscan-corpus: cwe=94 expect=safe
# ast.literal_eval only accepts literals, so the input is data, never code.
import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/parse")
def parse():
    value = ast.literal_eval(request.args.get("value", "None"))
    return {"type": type(value).__name__}
