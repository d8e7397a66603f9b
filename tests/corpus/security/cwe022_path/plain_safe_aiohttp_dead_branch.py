# gatherscan-corpus: cwe=22 expect=safe
# aiohttp: the request-chosen path is only used in a branch a constant disables.
from aiohttp import web

SERVE_ARBITRARY_FILES = False


async def asset(request):
    name = request.query.get("name", "")
    path = "static/app.js"
    if SERVE_ARBITRARY_FILES:
        path = "static/" + name
    with open(path, encoding="utf-8") as handle:
        return web.Response(text=handle.read())


app = web.Application()
app.router.add_get("/asset", asset)
