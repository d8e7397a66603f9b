# gatherscan-corpus: cwe=601 expect=vulnerable
# The "next" query parameter is used as the redirect target.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/logout")
def logout():
    target = request.args.get("next", "/")
    return redirect(target)
