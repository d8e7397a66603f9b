# gatherscan-corpus: cwe=501 expect=vulnerable
# A helper stores its arguments in the session; the route passes JSON fields.
from flask import Flask, request, session

app = Flask(__name__)


def remember(key, value):
    session[key] = value


@app.post("/preferences")
def preferences():
    body = request.get_json()
    remember("currency", body.get("currency", "EUR"))
    return {"ok": True}
