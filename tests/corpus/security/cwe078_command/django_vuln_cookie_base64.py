# gatherscan-corpus: cwe=78 expect=vulnerable
# A cookie is base64-decoded and the result handed to subprocess.call with a shell.
import base64
import subprocess

from django.http import JsonResponse


def replay_job(request):
    encoded = request.COOKIES.get("last_job", "")
    job = base64.b64decode(encoded).decode("utf-8")
    code = subprocess.call(job, shell=True)
    return JsonResponse({"exit": code})
