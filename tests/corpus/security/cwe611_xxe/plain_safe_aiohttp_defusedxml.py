# gatherscan-corpus: cwe=611 expect=safe
# aiohttp: defusedxml.ElementTree.iterparse over the body.
import io

from aiohttp import web
from defusedxml.ElementTree import iterparse


async def count_records(request):
    body = await request.read()
    records = sum(1 for _, element in iterparse(io.BytesIO(body)) if element.tag == "record")
    return web.json_response({"records": records})


app = web.Application()
app.router.add_post("/records", count_records)
