# gatherscan-corpus: cwe=89 expect=safe
# A query built from the parameter is replaced by a constant one before execution.
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/items/count")
def count_items(category: str = ""):
    query = f"SELECT count(*) FROM items WHERE category = '{category}'"
    query = "SELECT count(*) FROM items"
    connection = sqlite3.connect("items.db")
    return {"count": connection.execute(query).fetchone()[0]}
