# gatherscan-corpus: cwe=89 expect=vulnerable
# A query parameter is put into the SQL text with an f-string.
import sqlite3

from flask import Flask, g, request

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
    return g.db


@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    cursor = get_db().cursor()
    cursor.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    return {"users": cursor.fetchall()}
