# gatherscan-corpus: cwe=89 expect=vulnerable
# Manager.raw() with a query %-formatted from a GET parameter.
from django.contrib.auth.models import User
from django.http import JsonResponse


def user_search(request):
    username = request.GET.get("username", "")
    users = User.objects.raw("SELECT * FROM auth_user WHERE username = '%s'" % username)
    return JsonResponse({"ids": [user.pk for user in users]})
