# gatherscan-corpus: cwe=90 expect=safe
# The DN component is escaped with ldap.dn.escape_dn_chars.
import ldap
import ldap.dn
from flask import Flask, request

app = Flask(__name__)


@app.post("/login")
def login():
    user = ldap.dn.escape_dn_chars(request.form["user"])
    connection = ldap.initialize("ldap://ldap.example.com")
    try:
        connection.simple_bind_s(f"uid={user},ou=people,dc=example,dc=com", request.form["password"])
    except ldap.INVALID_CREDENTIALS:
        return {"ok": False}, 401
    return {"ok": True}
