# gatherscan-corpus: cwe=330 expect=vulnerable
# An API key from random.randrange.
import random

from django.http import JsonResponse


def create_api_key(request):
    api_key = "%016x" % random.randrange(2**64)
    request.user.profile.api_key = api_key
    request.user.profile.save()
    return JsonResponse({"api_key": api_key})
