# gatherscan-corpus: cwe=79 expect=safe
# format_html escapes its arguments.
from django.http import HttpResponse
from django.utils.html import format_html


def results(request):
    query = request.GET.get("q", "")
    return HttpResponse(format_html("<p>Results for <em>{}</em></p>", query))
