# gatherscan-corpus: cwe=643 expect=vulnerable
# aiohttp: a route segment is URL-decoded and used in an expression.
from urllib.parse import unquote

from aiohttp import web
from lxml import etree

DIRECTORY = etree.parse("directory.xml")


async def department(request):
    name = unquote(request.match_info["name"])
    people = DIRECTORY.xpath("//department[name='" + name + "']/person/text()")
    return web.json_response([str(person) for person in people])


app = web.Application()
app.router.add_get("/departments/{name}", department)
