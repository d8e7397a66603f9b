# gatherscan-corpus: cwe=22 expect=vulnerable
# A pathlib path joined with "/" to a query value, then read.
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
TEMPLATES = Path("/srv/app/mail-templates")


@app.get("/mail/preview")
def preview():
    template = TEMPLATES / request.args["template"]
    return template.read_text(encoding="utf-8")
