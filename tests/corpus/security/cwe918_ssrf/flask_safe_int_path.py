# gatherscan-corpus: cwe=918 expect=safe
# The user id is converted with int() before it goes into the path of a fixed host.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/profile")
def profile():
    user_id = int(request.args.get("id", "0"))
    return requests.get(f"https://users.internal.example.com/users/{user_id}", timeout=5).json()
