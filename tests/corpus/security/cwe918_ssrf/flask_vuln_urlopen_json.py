# gatherscan-corpus: cwe=918 expect=vulnerable
# urllib's urlopen on a webhook URL from the JSON body.
import urllib.request

from flask import Flask, request

app = Flask(__name__)


@app.post("/webhooks/test")
def test_webhook():
    data = request.get_json()
    with urllib.request.urlopen(data["webhook"], timeout=5) as reply:
        return {"status": reply.status}
