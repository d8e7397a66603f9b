# gatherscan-corpus: cwe=90 expect=vulnerable
# A conditional expression keeps the parameter on one branch; that branch is injectable.
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.example.com")


@app.get("/users")
def users(uid: str = ""):
    search_filter = f"(uid={uid})" if uid else "(objectClass=inetOrgPerson)"
    connection = Connection(server, auto_bind=True)
    connection.search("ou=people,dc=example,dc=com", search_filter, attributes=["uid"])
    return {"uids": [str(entry.uid) for entry in connection.entries]}
