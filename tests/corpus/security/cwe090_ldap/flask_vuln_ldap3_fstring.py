# gatherscan-corpus: cwe=90 expect=vulnerable
# ldap3: an f-string filter with a form field.
from flask import Flask, request
from ldap3 import ALL, Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com", get_info=ALL)


@app.post("/directory/by-mail")
def by_mail():
    email = request.form.get("email", "")
    connection = Connection(server, auto_bind=True)
    connection.search("dc=example,dc=com", f"(mail={email})", attributes=["cn"])
    return {"names": [str(entry.cn) for entry in connection.entries]}
