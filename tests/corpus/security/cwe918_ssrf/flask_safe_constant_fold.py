# gatherscan-corpus: cwe=918 expect=safe
# The condition folds to True ((7 * 42) - 86 > 200): the constant URL is fetched.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/status")
def status():
    param = request.args.get("url", "")
    num = 86
    if (7 * 42) - num > 200:
        url = "https://status.example.com/health"
    else:
        url = param
    return {"status": requests.get(url, timeout=5).status_code}
