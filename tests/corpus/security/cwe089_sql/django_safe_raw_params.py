# gatherscan-corpus: cwe=89 expect=safe
# Manager.raw() with the value passed in params.
from django.contrib.auth.models import User
from django.http import JsonResponse


def user_search(request):
    username = request.GET.get("username", "")
    users = User.objects.raw("SELECT * FROM auth_user WHERE username = %s", [username])
    return JsonResponse({"ids": [user.pk for user in users]})
