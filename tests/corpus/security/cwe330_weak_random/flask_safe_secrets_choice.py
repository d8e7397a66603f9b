# gatherscan-corpus: cwe=330 expect=safe
# secrets.choice for a one-time code.
import secrets
import string

from flask import Flask, session

app = Flask(__name__)


@app.post("/otp/send")
def send_otp():
    otp = "".join(secrets.choice(string.digits) for _ in range(6))
    session["otp"] = otp
    return {"sent": True}
