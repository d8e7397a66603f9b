# gatherscan-corpus: cwe=501 expect=vulnerable
# An unchecked query parameter is stored in the session, where later code trusts it.
from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = b"replace-me-in-production-config"


@app.route("/impersonate")
def impersonate():
    session["user_id"] = request.args.get("uid")
    return {"ok": True}
