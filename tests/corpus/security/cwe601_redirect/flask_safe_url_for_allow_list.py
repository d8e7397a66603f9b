# gatherscan-corpus: cwe=601 expect=safe
# The request names an endpoint; only known endpoints are turned into URLs with url_for.
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
LANDING_PAGES = ("home", "settings", "billing")


@app.post("/login")
def login():
    endpoint = request.form.get("land_on", "home")
    if endpoint not in LANDING_PAGES:
        endpoint = "home"
    return redirect(url_for(endpoint))
