# gatherscan-corpus: cwe=90 expect=vulnerable
# ldap3: the department parameter is put into the search base.
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap://ldap.example.com")


@app.get("/departments/{department}/people")
def department_people(department: str):
    connection = Connection(server, auto_bind=True)
    connection.search(f"ou={department},dc=example,dc=com", "(objectClass=person)", attributes=["cn"])
    return {"people": [str(entry.cn) for entry in connection.entries]}
