# gatherscan-corpus: cwe=611 expect=vulnerable
# aiohttp: lxml iterparse with load_dtd and resolve_entities over the request body.
import io

from aiohttp import web
from lxml import etree


async def count_records(request):
    body = await request.read()
    records = 0
    for _, element in etree.iterparse(io.BytesIO(body), load_dtd=True, resolve_entities=True):
        if element.tag == "record":
            records += 1
    return web.json_response({"records": records})


app = web.Application()
app.router.add_post("/records", count_records)
