# gatherscan-corpus: cwe=918 expect=vulnerable
# The host part of an internal API URL comes from the form.
import requests
from flask import Flask, request

app = Flask(__name__)


@app.post("/cache/refresh")
def refresh_cache():
    node = request.form.get("node", "cache-1")
    response = requests.post(f"http://{node}:8080/api/refresh", timeout=3)
    return {"ok": response.ok}
