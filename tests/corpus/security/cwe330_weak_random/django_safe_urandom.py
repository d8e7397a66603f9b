# gatherscan-corpus: cwe=330 expect=safe
# os.urandom for an API key.
import os

from django.http import JsonResponse


def create_api_key(request):
    api_key = os.urandom(16).hex()
    request.user.profile.api_key = api_key
    request.user.profile.save()
    return JsonResponse({"api_key": api_key})
