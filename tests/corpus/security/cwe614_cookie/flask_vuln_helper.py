# gatherscan-corpus: cwe=614 expect=vulnerable
# A helper sets the cookie without flags; every caller inherits the problem.
from flask import Flask, make_response, request

app = Flask(__name__)


def remember_user(response, user_id):
    response.set_cookie("uid", str(user_id), max_age=30 * 24 * 3600)
    return response


@app.post("/login")
def login():
    return remember_user(make_response("welcome"), request.form.get("user_id", "0"))
