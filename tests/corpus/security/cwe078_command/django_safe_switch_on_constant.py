# gatherscan-corpus: cwe=78 expect=safe
# The branch is chosen by a character of a constant string, so the tainted branch is dead.
import os

from django.http import JsonResponse


def cleanup(request):
    param = request.GET.get("dir", "")
    guess = "ABC"
    switch_target = guess[1]
    if switch_target == "A":
        target = param
    elif switch_target == "B":
        target = "/tmp/cache"
    else:
        target = param
    return JsonResponse({"status": os.system("rm -rf " + target)})
