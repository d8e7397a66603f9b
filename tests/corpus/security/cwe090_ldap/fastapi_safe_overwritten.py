# gatherscan-corpus: cwe=90 expect=safe
# The filter built from the parameter is overwritten with a constant.
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.example.com")


@app.get("/users")
def users(uid: str = ""):
    search_filter = f"(uid={uid})"
    search_filter = "(objectClass=inetOrgPerson)"
    connection = Connection(server, auto_bind=True)
    connection.search("ou=people,dc=example,dc=com", search_filter, attributes=["uid"])
    return {"uids": [str(entry.uid) for entry in connection.entries]}
