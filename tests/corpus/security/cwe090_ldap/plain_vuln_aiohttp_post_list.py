# gatherscan-corpus: cwe=90 expect=vulnerable
# aiohttp: a posted field is stored in a list and the list element is used in the filter.
from aiohttp import web
from ldap3 import Connection, Server

server = Server("ldap://ldap.example.com")


async def search(request):
    form = await request.post()
    terms = []
    terms.append(form.get("surname", ""))
    connection = Connection(server, auto_bind=True)
    connection.search("dc=example,dc=com", "(sn=" + terms[0] + ")")
    return web.json_response({"count": len(connection.entries)})


app = web.Application()
app.router.add_post("/search", search)
