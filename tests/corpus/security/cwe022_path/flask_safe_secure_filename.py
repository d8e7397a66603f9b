# gatherscan-corpus: cwe=22 expect=safe
# werkzeug's secure_filename turns the upload name into a plain file name.
import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.post("/upload")
def upload():
    uploaded = request.files["document"]
    name = secure_filename(uploaded.filename or "upload.bin")
    with open(os.path.join(UPLOADS, name), "wb") as handle:
        handle.write(uploaded.read())
    return {"stored": name}
