# gatherscan-corpus: cwe=90 expect=vulnerable
# The bind DN is %-formatted from the login form: DN injection.
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.post("/login")
def login():
    user = request.form["user"]
    password = request.form["password"]
    connection = ldap.initialize("ldap://ldap.example.com")
    try:
        connection.simple_bind_s("uid=%s,ou=people,dc=example,dc=com" % user, password)
    except ldap.INVALID_CREDENTIALS:
        return {"ok": False}, 401
    return {"ok": True}
