# gatherscan-corpus: cwe=614 expect=safe
# The flagless cookie is only set in a branch a constant disables.
import secrets

from flask import Flask, make_response

app = Flask(__name__)
LOCAL_HTTP_DEVELOPMENT = False


@app.post("/login")
def login():
    response = make_response({"ok": True})
    token = secrets.token_urlsafe(32)
    if LOCAL_HTTP_DEVELOPMENT:
        response.set_cookie("sid", token)
    else:
        response.set_cookie("sid", token, secure=True, httponly=True)
    return response
