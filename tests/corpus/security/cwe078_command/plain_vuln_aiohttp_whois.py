# gatherscan-corpus: cwe=78 expect=vulnerable
# aiohttp: a URL match segment is put into a shell command with os.popen.
import os

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/whois/{domain}")
async def whois(request):
    domain = request.match_info["domain"]
    with os.popen(f"whois {domain}") as stream:
        return web.Response(text=stream.read())


app = web.Application()
app.add_routes(routes)
