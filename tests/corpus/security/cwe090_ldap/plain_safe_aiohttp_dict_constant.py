# gatherscan-corpus: cwe=90 expect=safe
# aiohttp: the route segment picks one of the constant filters.
import ldap
from aiohttp import web

FILTERS = {"people": "(objectClass=person)", "groups": "(objectClass=groupOfNames)"}


async def listing(request):
    search_filter = FILTERS.get(request.match_info["kind"], "(objectClass=*)")
    connection = ldap.initialize("ldap://ldap.example.com")
    results = connection.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, search_filter)
    return web.json_response({"count": len(results)})


app = web.Application()
app.router.add_get("/list/{kind}", listing)
