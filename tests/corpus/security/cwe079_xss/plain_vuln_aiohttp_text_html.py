# gatherscan-corpus: cwe=79 expect=vulnerable
# aiohttp: a query parameter in a text/html response.
from aiohttp import web


async def greet(request):
    name = request.query.get("name", "guest")
    return web.Response(text=f"<p>Hi {name}</p>", content_type="text/html")


app = web.Application()
app.router.add_get("/greet", greet)
