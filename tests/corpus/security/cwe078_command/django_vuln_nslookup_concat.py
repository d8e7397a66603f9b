# gatherscan-corpus: cwe=78 expect=vulnerable
# A GET parameter is concatenated into check_output(..., shell=True).
import subprocess

from django.http import JsonResponse


def lookup(request):
    domain = request.GET["domain"]
    answer = subprocess.check_output("nslookup " + domain, shell=True, timeout=10)
    return JsonResponse({"answer": answer.decode(errors="replace")})
