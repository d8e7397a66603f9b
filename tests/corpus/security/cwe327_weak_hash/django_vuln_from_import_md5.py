# gatherscan-corpus: cwe=327 expect=vulnerable
# md5 imported from hashlib under another name, used for password reset tokens.
from hashlib import md5 as digest

from django.http import JsonResponse


def reset_token(request):
    email = request.POST.get("email", "")
    token = digest(f"reset:{email}".encode()).hexdigest()
    return JsonResponse({"sent": bool(token)})
