# gatherscan-corpus: cwe=327 expect=vulnerable
# hashlib.new("md5") for an API request signature.
import hashlib

from flask import Flask, abort, request

app = Flask(__name__)
SHARED_KEY = b"partner-shared-key"


@app.post("/partner/hook")
def partner_hook():
    expected = hashlib.new("md5", SHARED_KEY + request.get_data()).hexdigest()
    if request.headers.get("X-Signature") != expected:
        abort(403)
    return {"ok": True}
