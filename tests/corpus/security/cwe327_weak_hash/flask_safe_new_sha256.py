# gatherscan-corpus: cwe=327 expect=safe
# hashlib.new with "sha256".
import hashlib

from flask import Flask, request

app = Flask(__name__)


@app.post("/fingerprint")
def fingerprint():
    return {"sha256": hashlib.new("sha256", request.get_data()).hexdigest()}
