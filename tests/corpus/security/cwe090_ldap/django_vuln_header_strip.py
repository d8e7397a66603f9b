# gatherscan-corpus: cwe=90 expect=vulnerable
# A header value, only stripped and lower-cased, is used in the filter.
import ldap
from django.http import JsonResponse


def team_lookup(request):
    team = request.headers.get("X-Team", "").strip().lower()
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("ou=teams,dc=corp,dc=example", ldap.SCOPE_SUBTREE, f"(ou={team})", ["member"])
    return JsonResponse({"teams": len(results)})
