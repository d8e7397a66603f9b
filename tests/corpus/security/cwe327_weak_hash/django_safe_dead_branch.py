# gatherscan-corpus: cwe=327 expect=safe
# The MD5 path is behind a constant that is False.
import hashlib

from django.http import JsonResponse

LEGACY_MD5_TOKENS = False


def api_token(request):
    material = f"{request.user.pk}:{request.session.session_key}".encode()
    if LEGACY_MD5_TOKENS:
        token = hashlib.md5(material).hexdigest()
    else:
        token = hashlib.sha256(material).hexdigest()
    return JsonResponse({"token": token})
