# gatherscan-corpus: cwe=614 expect=vulnerable
# aiohttp: a session id cookie without secure or httponly.
import secrets

from aiohttp import web


async def login(request):
    response = web.json_response({"ok": True})
    response.set_cookie("sid", secrets.token_hex(16), max_age=3600)
    return response


app = web.Application()
app.router.add_post("/login", login)
