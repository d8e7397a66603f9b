# gatherscan-corpus: cwe=643 expect=safe
# aiohttp: the query value is bound as an XPath variable.
from aiohttp import web
from lxml import etree

ROUTES = etree.parse("routes.xml")


async def stops(request):
    names = ROUTES.xpath("//line[@id=$line]/stop/@name", line=request.query.get("line", ""))
    return web.json_response([str(name) for name in names])


app = web.Application()
app.router.add_get("/stops", stops)
