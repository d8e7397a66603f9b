# gatherscan-corpus: cwe=918 expect=safe
# The URL is constant; the request value is only a query parameter.
import requests
from flask import Flask, request

app = Flask(__name__)
SEARCH_API = "https://search.example.com/v1/search"


@app.get("/search")
def search():
    reply = requests.get(SEARCH_API, params={"q": request.args.get("q", "")}, timeout=5)
    return reply.json()
