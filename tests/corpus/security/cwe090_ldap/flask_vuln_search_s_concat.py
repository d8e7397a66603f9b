# gatherscan-corpus: cwe=90 expect=vulnerable
# python-ldap: the username is concatenated into the search filter.
import ldap
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/directory/user")
def find_user():
    username = request.args["username"]
    connection = ldap.initialize("ldap://ldap.example.com")
    search_filter = "(&(objectClass=inetOrgPerson)(uid=" + username + "))"
    entries = connection.search_s(BASE_DN, ldap.SCOPE_SUBTREE, search_filter, ["cn", "mail"])
    return {"entries": [dn for dn, _ in entries]}
