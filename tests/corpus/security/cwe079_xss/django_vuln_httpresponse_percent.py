# gatherscan-corpus: cwe=79 expect=vulnerable
# HttpResponse (text/html by default) with a %-formatted GET parameter.
from django.http import HttpResponse


def results(request):
    query = request.GET.get("q", "")
    return HttpResponse("<p>Results for <em>%s</em></p>" % query)
