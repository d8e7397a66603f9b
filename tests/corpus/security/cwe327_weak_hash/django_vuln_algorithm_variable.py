# gatherscan-corpus: cwe=327 expect=vulnerable
# The algorithm name is a variable holding "sha1".
import hashlib

from django.http import JsonResponse

PASSWORD_DIGEST = "sha1"


def check_password(request):
    supplied = request.POST.get("password", "").encode()
    digest = hashlib.new(PASSWORD_DIGEST, supplied).hexdigest()
    return JsonResponse({"match": digest == request.session.get("password_digest")})
