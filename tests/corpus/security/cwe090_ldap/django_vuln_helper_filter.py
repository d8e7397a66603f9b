# gatherscan-corpus: cwe=90 expect=vulnerable
# A same-module helper builds the filter; the view passes a cookie to it.
import ldap
from django.http import JsonResponse


def account_filter(login):
    return "(sAMAccountName=%s)" % login


def whoami(request):
    login = request.COOKIES.get("login", "")
    connection = ldap.initialize("ldap://ad.corp.example")
    msgid = connection.search_ext("dc=corp,dc=example", ldap.SCOPE_SUBTREE, account_filter(login))
    _, data = connection.result(msgid)
    return JsonResponse({"found": bool(data)})
