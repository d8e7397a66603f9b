# gatherscan-corpus: cwe=90 expect=vulnerable
# A common name from the query string is put into the filter with str.format.
import ldap
from django.http import JsonResponse


def people(request):
    name = request.GET.get("cn", "")
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, "(cn={})".format(name))
    return JsonResponse({"count": len(results)})
