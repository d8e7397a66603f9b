# gatherscan-corpus: cwe=601 expect=safe
# aiohttp: the parsed host must be ours, else the user goes to the home page.
from urllib.parse import urlsplit

from aiohttp import web

OWN_HOSTS = frozenset({"shop.example.com"})


async def go(request):
    destination = request.query.get("to", "/")
    parts = urlsplit(destination)
    if parts.scheme != "https" or parts.hostname not in OWN_HOSTS:
        raise web.HTTPFound(location="/")
    raise web.HTTPFound(location=destination)


app = web.Application()
app.router.add_get("/go", go)
