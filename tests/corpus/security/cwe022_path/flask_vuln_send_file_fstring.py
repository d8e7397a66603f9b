# gatherscan-corpus: cwe=22 expect=vulnerable
# send_file with a path built from the URL segment.
from flask import Flask, send_file

app = Flask(__name__)


@app.route("/reports/<path:name>")
def report(name):
    return send_file(f"/srv/reports/{name}.pdf", mimetype="application/pdf")
