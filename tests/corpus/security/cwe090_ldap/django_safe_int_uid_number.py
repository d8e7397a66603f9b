# gatherscan-corpus: cwe=90 expect=safe
# The uid number is converted with int().
import ldap
from django.http import JsonResponse


def by_uid_number(request):
    number = int(request.GET.get("uidNumber", "0"))
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, f"(uidNumber={number})")
    return JsonResponse({"count": len(results)})
