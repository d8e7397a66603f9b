# gatherscan-corpus: cwe=78 expect=vulnerable
# POST values are collected in a loop and joined into a command read through os.popen.
import os

from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def run_report(request):
    parts = ["/opt/reports/bin/report"]
    for flag in request.POST.getlist("flag"):
        parts.append("--" + flag.strip())
    command_line = " ".join(parts)
    with os.popen(command_line) as stream:
        text = stream.read()
    return HttpResponse(text, content_type="text/plain")
