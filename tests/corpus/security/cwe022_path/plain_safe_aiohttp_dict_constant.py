# gatherscan-corpus: cwe=22 expect=safe
# aiohttp: the route segment selects one of a few constant paths.
from aiohttp import web

PAGES = {"terms": "static/terms.html", "privacy": "static/privacy.html"}


async def page(request):
    path = PAGES.get(request.match_info["page"], "static/index.html")
    with open(path, encoding="utf-8") as handle:
        return web.Response(text=handle.read(), content_type="text/html")


app = web.Application()
app.router.add_get("/pages/{page}", page)
