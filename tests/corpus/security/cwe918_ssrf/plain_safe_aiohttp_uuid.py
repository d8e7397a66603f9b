# gatherscan-corpus: cwe=918 expect=safe
# aiohttp: the id is parsed as a UUID before it goes into the path of a fixed host.
import uuid
from urllib.request import urlopen

from aiohttp import web


async def invoice(request):
    invoice_id = uuid.UUID(request.match_info["invoice_id"])
    with urlopen(f"https://billing.example.com/invoices/{invoice_id}.pdf", timeout=5) as reply:
        return web.Response(body=reply.read(), content_type="application/pdf")


app = web.Application()
app.router.add_get("/invoices/{invoice_id}", invoice)
