# gatherscan-corpus: cwe=1336 expect=safe
# aiohttp: only an int from the request is put into the template source.
import jinja2
from aiohttp import web


async def page(request):
    number = int(request.query.get("page", "1"))
    source = f"<p>Page {number} of {{{{ total }}}}</p>"
    return web.Response(text=jinja2.Template(source).render(total=10), content_type="text/html")


app = web.Application()
app.router.add_get("/page", page)
