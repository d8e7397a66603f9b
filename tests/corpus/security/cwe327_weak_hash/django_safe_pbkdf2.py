# gatherscan-corpus: cwe=327 expect=safe
# Passwords derived with PBKDF2-HMAC-SHA256 and a random salt.
import hashlib
import os

from django.http import JsonResponse


def register(request):
    salt = os.urandom(16)
    derived = hashlib.pbkdf2_hmac("sha256", request.POST["password"].encode(), salt, 600_000)
    return JsonResponse({"salt": salt.hex(), "hash": derived.hex()})
