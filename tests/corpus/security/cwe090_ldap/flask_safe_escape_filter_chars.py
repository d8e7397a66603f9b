# gatherscan-corpus: cwe=90 expect=safe
# python-ldap's escape_filter_chars escapes the value before it is put in the filter.
import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/directory/user")
def find_user():
    username = escape_filter_chars(request.args["username"])
    connection = ldap.initialize("ldap://ldap.example.com")
    entries = connection.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(&(objectClass=inetOrgPerson)(uid=" + username + "))")
    return {"entries": [dn for dn, _ in entries]}
