# gatherscan-corpus: cwe=611 expect=vulnerable
# aiohttp: a SAX parser with external entities enabled reads the posted document.
import io
import xml.sax
from xml.sax.handler import feature_external_ges

from aiohttp import web


async def check(request):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(xml.sax.ContentHandler())
    parser.parse(io.BytesIO(await request.read()))
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/check", check)
