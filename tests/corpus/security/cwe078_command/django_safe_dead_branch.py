# gatherscan-corpus: cwe=78 expect=safe
# The shell call sits behind a module constant that is False; the live path never runs a command.
import os

from django.http import HttpResponse

ENABLE_SHELL_HOOK = False


def notify(request):
    message = request.POST.get("message", "")
    if ENABLE_SHELL_HOOK:
        os.system("notify-send " + message)
    return HttpResponse("queued")
