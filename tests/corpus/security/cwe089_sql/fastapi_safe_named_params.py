# gatherscan-corpus: cwe=89 expect=safe
# Named parameters in a dict; the statement is a constant.
import sqlite3

from fastapi import FastAPI

app = FastAPI()
QUERY = "SELECT sku, stock FROM inventory WHERE sku = :sku AND warehouse = :warehouse"


@app.get("/stock/{sku}")
def stock(sku: str, warehouse: str = "main"):
    connection = sqlite3.connect("inventory.db")
    rows = connection.execute(QUERY, {"sku": sku, "warehouse": warehouse}).fetchall()
    return {"stock": rows}
