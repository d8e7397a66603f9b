# gatherscan-corpus: cwe=89 expect=safe
# aiohttp: the sort key only selects a constant column name from a dict.
import sqlite3

from aiohttp import web

SORT_COLUMNS = {"name": "name", "newest": "created_at DESC", "price": "price"}


async def products(request):
    column = SORT_COLUMNS.get(request.query.get("sort", ""), "id")
    connection = sqlite3.connect("shop.db")
    rows = connection.execute("SELECT id, name FROM products ORDER BY " + column).fetchall()
    return web.json_response(rows)


app = web.Application()
app.router.add_get("/products", products)
