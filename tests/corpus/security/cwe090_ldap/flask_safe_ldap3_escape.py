# gatherscan-corpus: cwe=90 expect=safe
# ldap3's escape_filter_chars on the form value.
from flask import Flask, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.post("/directory/by-mail")
def by_mail():
    email = escape_filter_chars(request.form.get("email", ""))
    connection = Connection(server, auto_bind=True)
    connection.search("dc=example,dc=com", f"(mail={email})", attributes=["cn"])
    return {"names": [str(entry.cn) for entry in connection.entries]}
