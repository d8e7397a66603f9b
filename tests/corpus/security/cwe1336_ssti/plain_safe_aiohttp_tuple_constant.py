# gatherscan-corpus: cwe=1336 expect=safe
# aiohttp: tuple unpacking binds the constant template and the request title separately.
import jinja2
from aiohttp import web


async def render(request):
    source, title = "<h1>{{ title }}</h1>", request.query.get("title", "Home")
    return web.Response(text=jinja2.Template(source, autoescape=True).render(title=title), content_type="text/html")


app = web.Application()
app.router.add_get("/render", render)
