# gatherscan-corpus: cwe=601 expect=vulnerable
# aiohttp: HTTPFound raised with a query parameter.
from aiohttp import web


async def go(request):
    destination = request.query.get("to", "/")
    raise web.HTTPFound(location=destination)


app = web.Application()
app.router.add_get("/go", go)
