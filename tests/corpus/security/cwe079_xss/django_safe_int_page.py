# gatherscan-corpus: cwe=79 expect=safe
# The page number is converted with int() before it is shown.
from django.http import HttpResponse


def page_header(request):
    page = int(request.GET.get("page", "1"))
    return HttpResponse(f"<h2>Page {page}</h2>")
