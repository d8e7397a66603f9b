# gatherscan-corpus: cwe=614 expect=safe
# The condition folds to True (7 * 18 + 106 > 200), so secure is True.
import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.post("/api/token")
def issue_token():
    num = 106
    secure_flag = True if 7 * 18 + num > 200 else False
    response = make_response({"issued": True})
    response.set_cookie("auth", secrets.token_hex(32), secure=secure_flag, httponly=True)
    return response
