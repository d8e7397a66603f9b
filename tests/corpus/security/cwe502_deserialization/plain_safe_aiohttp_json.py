# gatherscan-corpus: cwe=502 expect=safe
# aiohttp: request.json() parses JSON, not pickles.
from aiohttp import web


async def submit(request):
    task = await request.json()
    return web.json_response({"task": task.get("name")})


app = web.Application()
app.router.add_post("/tasks", submit)
