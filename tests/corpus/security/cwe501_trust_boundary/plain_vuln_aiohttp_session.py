# gatherscan-corpus: cwe=501 expect=vulnerable
# aiohttp_session: a query parameter is stored in the session.
from aiohttp import web
from aiohttp_session import get_session


async def remember_search(request):
    session = await get_session(request)
    session["last_search"] = request.query.get("q", "")
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_get("/search", remember_search)
