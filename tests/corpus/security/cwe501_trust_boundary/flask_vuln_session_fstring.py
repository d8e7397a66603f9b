# gatherscan-corpus: cwe=501 expect=vulnerable
# A form value is stored in the session inside an f-string.
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/welcome")
def welcome():
    name = request.form.get("display_name", "")
    session["greeting"] = f"Welcome back, {name}"
    return {"greeting": session["greeting"]}
