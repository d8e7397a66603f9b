# gatherscan-corpus: cwe=501 expect=safe
# aiohttp_session: the sort order is stored only if it is allowed.
from aiohttp import web
from aiohttp_session import get_session

SORT_ORDERS = ("newest", "oldest", "popular")


async def set_sort(request):
    order = request.query.get("order", "newest")
    if order not in SORT_ORDERS:
        raise web.HTTPBadRequest()
    session = await get_session(request)
    session["sort"] = order
    return web.json_response({"sort": order})


app = web.Application()
app.router.add_get("/sort", set_sort)
