# gatherscan-corpus: cwe=89 expect=safe
# The legacy string-built search is behind a module constant set to False.
import sqlite3

from fastapi import FastAPI

app = FastAPI()
LEGACY_SEARCH = False


@app.get("/search")
def search(q: str):
    connection = sqlite3.connect("items.db")
    if LEGACY_SEARCH:
        rows = connection.execute("SELECT name FROM items WHERE name LIKE '%" + q + "%'").fetchall()
    else:
        rows = connection.execute("SELECT name FROM items WHERE name LIKE ?", (f"%{q}%",)).fetchall()
    return {"items": rows}
