# gatherscan-corpus: cwe=918 expect=vulnerable
# The server fetches whatever URL the query string names.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/preview")
def preview():
    url = request.args["url"]
    response = requests.get(url, timeout=5)
    return {"status": response.status_code, "title": response.text[:200]}
