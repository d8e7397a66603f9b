# gatherscan-corpus: cwe=502 expect=vulnerable
# A base64 cookie is decoded and unpickled.
import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.get("/cart")
def cart():
    encoded = request.cookies.get("cart", "")
    items = pickle.loads(base64.b64decode(encoded)) if encoded else []
    return {"items": items}
