# gatherscan-corpus: cwe=501 expect=safe
# Only a constant goes into the session; the request value is just echoed.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/tour")
def tour():
    step = request.args.get("step", "intro")
    session["seen_tour"] = True
    return {"step": step}
