# gatherscan-corpus: cwe=89 expect=vulnerable
# The parameter is stored in a dict and read back before the query is built.
import psycopg2
from fastapi import FastAPI

app = FastAPI()


@app.get("/invoices")
def invoices(customer: str):
    filters = {"status": "open"}
    filters["customer"] = customer
    query = "SELECT id, total FROM invoices WHERE status = '%s' AND customer = '%s'" % (
        filters["status"],
        filters["customer"],
    )
    with psycopg2.connect("dbname=billing") as connection, connection.cursor() as cursor:
        cursor.execute(query)
        return {"invoices": cursor.fetchall()}
