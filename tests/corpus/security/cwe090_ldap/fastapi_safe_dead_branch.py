# gatherscan-corpus: cwe=90 expect=safe
# The raw filter is accepted only in a branch a constant disables.
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.example.com")
ALLOW_RAW_FILTERS = False


@app.get("/search")
def search(raw: str = ""):
    search_filter = "(objectClass=person)"
    if ALLOW_RAW_FILTERS:
        search_filter = raw
    connection = Connection(server, auto_bind=True)
    connection.search("dc=example,dc=com", search_filter)
    return {"count": len(connection.entries)}
