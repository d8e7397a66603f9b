# gatherscan-corpus: cwe=78 expect=safe
# The tainted variable is overwritten with a constant before it reaches the shell.
import subprocess

from django.http import HttpResponse


def status(request):
    command = request.POST.get("command", "uptime")
    command = "uptime"
    output = subprocess.check_output(command, shell=True)
    return HttpResponse(output, content_type="text/plain")
