# gatherscan-corpus: cwe=327 expect=safe
# The algorithm variable holds "sha256".
import hashlib

from django.http import JsonResponse

DIGEST_ALGORITHM = "sha256"


def checksum(request):
    return JsonResponse({"digest": hashlib.new(DIGEST_ALGORITHM, request.body).hexdigest()})
