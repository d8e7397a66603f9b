# gatherscan-corpus: cwe=327 expect=vulnerable
# A download link is "signed" with SHA-1 of a secret and the path.
import hashlib
import os

from flask import Flask, request

app = Flask(__name__)
LINK_SECRET = os.environ.get("LINK_SECRET", "")


def sign(path):
    return hashlib.sha1((LINK_SECRET + path).encode()).hexdigest()


@app.get("/links")
def make_link():
    path = request.args.get("path", "/")
    return {"url": f"{path}?sig={sign(path)}"}
