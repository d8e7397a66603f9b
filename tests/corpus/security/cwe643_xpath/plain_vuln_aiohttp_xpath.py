# gatherscan-corpus: cwe=643 expect=vulnerable
# aiohttp: a query parameter in an lxml XPath expression.
from aiohttp import web
from lxml import etree

ROUTES = etree.parse("routes.xml")


async def stops(request):
    line = request.query.get("line", "")
    names = ROUTES.xpath("//line[@id='%s']/stop/@name" % line)
    return web.json_response([str(name) for name in names])


app = web.Application()
app.router.add_get("/stops", stops)
