# gatherscan-corpus: cwe=22 expect=vulnerable
# The client-supplied upload filename is used as the destination path.
import os

from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.post("/upload")
def upload():
    uploaded = request.files["document"]
    destination = os.path.join(UPLOADS, uploaded.filename)
    with open(destination, "wb") as handle:
        handle.write(uploaded.read())
    return {"stored": uploaded.filename}
