# gatherscan-corpus: cwe=94 expect=safe
# aiohttp: tuple unpacking binds the constant expression and the request label separately.
from aiohttp import web


async def evaluate(request):
    form = await request.post()
    expression, label = "2 ** 10", form.get("label", "")
    return web.json_response({"label": label, "value": eval(expression)})


app = web.Application()
app.router.add_post("/evaluate", evaluate)
