# gatherscan-corpus: cwe=90 expect=safe
# Tuple unpacking: the filter is the constant element, the request value only the label.
import ldap
from django.http import JsonResponse


def report(request):
    search_filter, label = "(objectClass=posixAccount)", request.GET.get("label", "accounts")
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, search_filter)
    return JsonResponse({"label": label, "count": len(results)})
