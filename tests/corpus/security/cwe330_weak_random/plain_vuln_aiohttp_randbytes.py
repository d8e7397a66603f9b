# gatherscan-corpus: cwe=330 expect=vulnerable
# aiohttp: a session id from random.randbytes, set as a cookie.
import random

from aiohttp import web


async def login(request):
    session_id = random.randbytes(16).hex()
    response = web.json_response({"ok": True})
    response.set_cookie("sid", session_id, secure=True, httponly=True)
    return response


app = web.Application()
app.router.add_post("/login", login)
