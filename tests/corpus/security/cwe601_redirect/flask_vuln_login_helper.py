# gatherscan-corpus: cwe=601 expect=vulnerable
# A helper redirects to its argument; the login view passes form data.
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


def after_login(target):
    return redirect(target or url_for("home"))


@app.post("/login")
def login():
    session["user"] = "demo"
    return after_login(request.form.get("return_to"))


@app.get("/")
def home():
    return "home"
