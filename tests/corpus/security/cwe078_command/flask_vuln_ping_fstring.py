# gatherscan-corpus: cwe=78 expect=vulnerable
# A query parameter is interpolated into a shell command line with an f-string.
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/diagnostics/ping")
def ping():
    host = request.args.get("host", "localhost")
    status = os.system(f"ping -c 1 -W 2 {host}")
    return {"reachable": status == 0}
