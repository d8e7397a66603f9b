# gatherscan-corpus: cwe=1336 expect=vulnerable
# Django's template engine compiles POSTed template text.
from django.http import HttpResponse
from django.template import engines


def render_custom_page(request):
    template = engines["django"].from_string(request.POST.get("body", ""))
    return HttpResponse(template.render({"user": request.user}, request))
