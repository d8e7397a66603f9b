# gatherscan-corpus: cwe=90 expect=safe
# ldap3's escape_rdn on the department before it becomes part of the search base.
from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.dn import escape_rdn

app = FastAPI()
server = Server("ldap://ldap.example.com")


@app.get("/departments/{department}/people")
def department_people(department: str):
    connection = Connection(server, auto_bind=True)
    connection.search(f"ou={escape_rdn(department)},dc=example,dc=com", "(objectClass=person)")
    return {"count": len(connection.entries)}
