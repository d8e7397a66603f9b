# gatherscan-corpus: cwe=90 expect=safe
# ldap.filter.filter_format escapes each argument it substitutes.
import ldap
import ldap.filter
from flask import Flask, request

app = Flask(__name__)


@app.get("/directory/cn")
def by_common_name():
    query = ldap.filter.filter_format("(cn=%s)", [request.args.get("cn", "")])
    connection = ldap.initialize("ldap://ldap.example.com")
    return {"count": len(connection.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, query))}
