# gatherscan-corpus: cwe=89 expect=safe
# The column name is checked against a fixed tuple before it is formatted into ORDER BY.
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)
SORTABLE = ("name", "price", "created_at")


@app.get("/products")
def list_products():
    sort = request.args.get("sort", "name")
    if sort not in SORTABLE:
        abort(400, "unknown sort column")
    connection = sqlite3.connect("shop.db")
    rows = connection.execute(f"SELECT id, name, price FROM products ORDER BY {sort}").fetchall()
    return {"products": rows}
