# gatherscan-corpus: cwe=502 expect=safe
# The cookie is replaced by a constant pickle of an empty list before loading.
import pickle

from flask import Flask, request

app = Flask(__name__)
EMPTY_CART = b"\x80\x04]\x94."


@app.get("/cart/reset")
def reset_cart():
    blob = request.cookies.get("cart", "").encode()
    blob = EMPTY_CART
    return {"items": pickle.loads(blob)}
