# gatherscan-corpus: cwe=90 expect=vulnerable
# aiohttp: a route segment goes into a python-ldap filter.
import ldap
from aiohttp import web


async def host_entry(request):
    hostname = request.match_info["hostname"]
    connection = ldap.initialize("ldap://ldap.example.com")
    results = connection.search_s("ou=hosts,dc=example,dc=com", ldap.SCOPE_ONELEVEL, "(cn=%s)" % hostname)
    return web.json_response({"found": len(results)})


app = web.Application()
app.router.add_get("/hosts/{hostname}", host_entry)
