# gatherscan-corpus: cwe=614 expect=safe
# aiohttp set_cookie with secure and httponly.
import secrets

from aiohttp import web


async def login(request):
    response = web.json_response({"ok": True})
    response.set_cookie("sid", secrets.token_hex(16), max_age=3600, secure=True, httponly=True)
    return response


app = web.Application()
app.router.add_post("/login", login)
