# gatherscan-corpus: cwe=330 expect=safe
# aiohttp: uuid4 (from os.urandom) as the session id.
import uuid

from aiohttp import web


async def login(request):
    response = web.json_response({"ok": True})
    response.set_cookie("sid", uuid.uuid4().hex, secure=True, httponly=True)
    return response


app = web.Application()
app.router.add_post("/login", login)
