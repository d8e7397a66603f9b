# gatherscan-corpus: cwe=501 expect=safe
# The page size is converted with int() before it is stored.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/page-size")
def page_size():
    session["page_size"] = max(10, min(int(request.args.get("size", "20")), 100))
    return {"page_size": session["page_size"]}
