# gatherscan-corpus: cwe=330 expect=safe
# secrets.token_urlsafe for a reset token.
import secrets

from flask import Flask, request

app = Flask(__name__)


@app.post("/password/forgot")
def forgot_password():
    reset_token = secrets.token_urlsafe(32)
    with open("/var/lib/app/reset_tokens.txt", "a", encoding="utf-8") as handle:
        handle.write(f"{request.form['email']} {reset_token}\n")
    return {"sent": True}
