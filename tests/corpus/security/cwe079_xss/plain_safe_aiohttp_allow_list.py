# gatherscan-corpus: cwe=79 expect=safe
# aiohttp: the colour is used only if it is one of a fixed set.
from aiohttp import web

COLOURS = {"red", "green", "blue"}


async def swatch(request):
    colour = request.query.get("colour", "red")
    if colour not in COLOURS:
        raise web.HTTPBadRequest(text="unknown colour")
    return web.Response(text=f"<div style='color:{colour}'>{colour}</div>", content_type="text/html")


app = web.Application()
app.router.add_get("/swatch", swatch)
