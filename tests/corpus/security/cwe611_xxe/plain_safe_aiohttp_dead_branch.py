# gatherscan-corpus: cwe=611 expect=safe
# aiohttp: the resolving parser is only built in a branch a constant disables.
from aiohttp import web
from lxml import etree

LEGACY_ENTITY_SUPPORT = False


async def count_records(request):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if LEGACY_ENTITY_SUPPORT:
        parser = etree.XMLParser(resolve_entities=True, no_network=False)
    root = etree.fromstring(await request.read(), parser)
    return web.json_response({"records": len(root.findall("record"))})


app = web.Application()
app.router.add_post("/records", count_records)
