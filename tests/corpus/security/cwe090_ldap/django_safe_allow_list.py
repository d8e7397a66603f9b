# gatherscan-corpus: cwe=90 expect=safe
# The group must be one of a fixed set before it is used in the filter.
import ldap
from django.http import HttpResponseBadRequest, JsonResponse

GROUPS = {"admins", "developers", "support"}


def members_of(request):
    group = request.GET.get("group", "")
    if group not in GROUPS:
        return HttpResponseBadRequest("unknown group")
    connection = ldap.initialize("ldap://ldap.corp.example")
    results = connection.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, f"(memberOf=cn={group},ou=groups)")
    return JsonResponse({"members": len(results)})
