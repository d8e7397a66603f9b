# gatherscan-corpus: cwe=918 expect=vulnerable
# aiohttp: urllib's urlopen on a query parameter.
from urllib.request import urlopen

from aiohttp import web


async def fetch(request):
    source = request.query.get("src", "")
    with urlopen(source, timeout=5) as reply:
        return web.Response(body=reply.read())


app = web.Application()
app.router.add_get("/fetch", fetch)
