# gatherscan-corpus: cwe=89 expect=vulnerable
# A helper builds the statement with str.format; the route passes form data to it.
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def build_update(user_id, nickname):
    return "UPDATE profiles SET nickname = '{}' WHERE user_id = {}".format(nickname, user_id)


@app.post("/profile/<int:user_id>")
def rename(user_id):
    statement = build_update(user_id, request.form["nickname"])
    with sqlite3.connect("app.db") as connection:
        connection.cursor().execute(statement)
    return {"ok": True}
