# gatherscan-corpus: cwe=89 expect=vulnerable
# The sort column from the query string is %-formatted into ORDER BY.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.get("/products")
def list_products():
    sort = request.args.get("sort", "name")
    connection = sqlite3.connect("shop.db")
    rows = connection.execute("SELECT id, name, price FROM products ORDER BY %s" % sort).fetchall()
    connection.close()
    return {"products": rows}
