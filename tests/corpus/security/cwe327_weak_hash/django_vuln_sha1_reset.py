# gatherscan-corpus: cwe=327 expect=vulnerable
# SHA-1 over the user id and timestamp as a password-reset token.
import hashlib
import time

from django.contrib.auth.models import User
from django.http import JsonResponse


def issue_reset(request):
    user = User.objects.get(email=request.POST["email"])
    token = hashlib.sha1(f"{user.pk}:{int(time.time())}".encode()).hexdigest()
    return JsonResponse({"token_length": len(token)})
