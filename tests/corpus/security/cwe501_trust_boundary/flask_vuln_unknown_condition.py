# gatherscan-corpus: cwe=501 expect=vulnerable
# Whether the request value is stored depends on the method; on POST it is.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/nickname", methods=["GET", "POST"])
def nickname():
    param = request.values.get("nickname", "")
    value = param if request.method == "POST" else "guest"
    session["nickname"] = value
    return {"nickname": value}
