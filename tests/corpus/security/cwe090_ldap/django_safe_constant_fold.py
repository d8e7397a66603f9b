# gatherscan-corpus: cwe=90 expect=safe
# The condition folds to True (7 * 18 + 106 > 200), so the constant filter is used.
import ldap
from django.http import JsonResponse


def staff(request):
    param = request.GET.get("filter", "")
    num = 106
    bar = "(employeeType=staff)" if 7 * 18 + num > 200 else param
    connection = ldap.initialize("ldap://ldap.corp.example")
    return JsonResponse({"count": len(connection.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, bar))})
