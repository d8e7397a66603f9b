# gatherscan-corpus: cwe=90 expect=vulnerable
# ldap3: two JSON fields become a login filter.
from fastapi import FastAPI, Request
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.example.com")


@app.post("/auth")
async def authenticate(request: Request):
    body = await request.json()
    username, token = body.get("user", ""), body.get("token", "")
    connection = Connection(server, auto_bind=True)
    connection.search("ou=users,dc=example,dc=com", "(&(uid=%s)(employeeNumber=%s))" % (username, token))
    return {"ok": len(connection.entries) == 1}
