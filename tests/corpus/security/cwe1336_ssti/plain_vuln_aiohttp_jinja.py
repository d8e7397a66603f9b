# gatherscan-corpus: cwe=1336 expect=vulnerable
# aiohttp: the request body is compiled as a jinja2 template.
import jinja2
from aiohttp import web


async def render(request):
    source = await request.text()
    return web.Response(text=jinja2.Template(source).render(now="today"))


app = web.Application()
app.router.add_post("/render", render)
