# gatherscan-corpus: cwe=502 expect=vulnerable
# aiohttp: the raw body is unpickled.
import pickle

from aiohttp import web


async def submit(request):
    task = pickle.loads(await request.read())
    return web.json_response({"task": str(task)})


app = web.Application()
app.router.add_post("/tasks", submit)
