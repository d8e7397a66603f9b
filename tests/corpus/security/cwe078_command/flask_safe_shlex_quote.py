# gatherscan-corpus: cwe=78 expect=safe
# The request value is quoted with shlex.quote before it reaches the shell.
import os
import shlex

from flask import Flask, request

app = Flask(__name__)


@app.route("/diagnostics/trace")
def trace():
    host = request.args.get("host", "localhost")
    status = os.system("traceroute -m 10 " + shlex.quote(host))
    return {"status": status}
