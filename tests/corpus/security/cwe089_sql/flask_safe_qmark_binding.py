# gatherscan-corpus: cwe=89 expect=safe
# The value is bound as a parameter; the SQL text is constant.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    connection = sqlite3.connect("app.db")
    rows = connection.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchall()
    return {"users": rows}
