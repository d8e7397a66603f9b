# gatherscan-corpus: cwe=327 expect=vulnerable
# Passwords stored as unsalted MD5 digests.
import hashlib
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.post("/register")
def register():
    username = request.form["username"]
    digest = hashlib.md5(request.form["password"].encode("utf-8")).hexdigest()
    with sqlite3.connect("users.db") as connection:
        connection.execute("INSERT INTO users (name, password_hash) VALUES (?, ?)", (username, digest))
    return {"ok": True}
