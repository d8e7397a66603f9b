# gatherscan-corpus: cwe=330 expect=vulnerable
# A password-reset token drawn with random.choice (Mersenne Twister, predictable).
import random
import string

from flask import Flask, request

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


@app.post("/password/forgot")
def forgot_password():
    email = request.form["email"]
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    store_token(email, reset_token)
    return {"sent": True}


def store_token(email, token):
    with open("/var/lib/app/reset_tokens.txt", "a", encoding="utf-8") as handle:
        handle.write(f"{email} {token}\n")
