# gatherscan-corpus: cwe=79 expect=vulnerable
# A helper wraps each JSON item in <li>; the joined HTML is returned.
from flask import Flask, request

app = Flask(__name__)


def render_row(item):
    return "<li>" + item + "</li>"


@app.post("/todo/render")
def render_todo():
    items = request.get_json().get("items", [])
    rows = "".join(render_row(item) for item in items)
    return "<ul>" + rows + "</ul>"
