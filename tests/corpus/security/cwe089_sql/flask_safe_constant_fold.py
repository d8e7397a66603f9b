# gatherscan-corpus: cwe=89 expect=safe
# The condition folds to True (7 * 18 + 106 > 200): the constant column is used.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.get("/orders")
def orders():
    param = request.args.get("order", "")
    num = 106
    column = "created_at" if 7 * 18 + num > 200 else param
    connection = sqlite3.connect("shop.db")
    return {"orders": connection.execute("SELECT id FROM orders ORDER BY " + column).fetchall()}
