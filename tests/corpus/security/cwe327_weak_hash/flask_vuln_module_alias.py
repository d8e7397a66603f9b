# gatherscan-corpus: cwe=327 expect=vulnerable
# hashlib imported under an alias; sha1 hashes session fingerprints.
import hashlib as hl

from flask import Flask, request, session

app = Flask(__name__)


@app.before_request
def bind_session():
    agent = request.headers.get("User-Agent", "")
    session["fingerprint"] = hl.sha1(agent.encode()).hexdigest()
