# gatherscan-corpus: cwe=327 expect=safe
# SHA-256 for a request signature.
import hashlib
import hmac

from flask import Flask, abort, request

app = Flask(__name__)
SHARED_KEY = b"partner-shared-key"


@app.post("/partner/hook")
def partner_hook():
    expected = hmac.new(SHARED_KEY, request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("X-Signature", ""), expected):
        abort(403)
    return {"ok": True}
