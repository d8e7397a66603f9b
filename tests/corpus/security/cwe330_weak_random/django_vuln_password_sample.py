# gatherscan-corpus: cwe=330 expect=vulnerable
# A temporary password built with random.sample.
import random
import string

from django.contrib.auth.models import User
from django.http import JsonResponse

CHARACTERS = string.ascii_letters + string.digits + "!@#$%"


def reset_to_temporary(request):
    user = User.objects.get(pk=request.POST["user_id"])
    temporary_password = "".join(random.sample(CHARACTERS, 12))
    user.set_password(temporary_password)
    user.save()
    return JsonResponse({"temporary_password": temporary_password})
