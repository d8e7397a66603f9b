# gatherscan-corpus: cwe=90 expect=vulnerable
# Repeated POST values are joined into an OR filter through a generator expression.
import ldap
from django.http import JsonResponse


def members_of(request):
    groups = request.POST.getlist("group")
    clauses = "".join(f"(memberOf=cn={group},ou=groups,dc=corp,dc=example)" for group in groups)
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("ou=people,dc=corp,dc=example", ldap.SCOPE_SUBTREE, "(|" + clauses + ")")
    return JsonResponse({"members": [dn for dn, _ in results]})
