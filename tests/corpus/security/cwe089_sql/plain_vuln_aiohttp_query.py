# gatherscan-corpus: cwe=89 expect=vulnerable
# aiohttp: a query parameter goes through lower() into a SQL string.
import sqlite3

from aiohttp import web


async def tags(request):
    prefix = request.query.get("prefix", "").lower()
    connection = sqlite3.connect("tags.db")
    rows = connection.execute("SELECT name FROM tags WHERE name LIKE '" + prefix + "%'").fetchall()
    return web.json_response([name for (name,) in rows])


app = web.Application()
app.router.add_get("/tags", tags)
