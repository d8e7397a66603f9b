# gatherscan-corpus: cwe=22 expect=safe
# send_from_directory joins with werkzeug's safe_join and refuses paths that leave the folder.
from flask import Flask, send_from_directory

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/reports/<path:name>")
def report(name):
    return send_from_directory(REPORTS, name, as_attachment=True)
