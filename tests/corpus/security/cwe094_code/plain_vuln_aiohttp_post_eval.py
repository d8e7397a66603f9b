# gatherscan-corpus: cwe=94 expect=vulnerable
# aiohttp: a form field is evaluated.
from aiohttp import web


async def evaluate(request):
    form = await request.post()
    expression = form.get("expr", "0")
    return web.json_response({"value": eval(expression)})


app = web.Application()
app.router.add_post("/evaluate", evaluate)
