# gatherscan-corpus: cwe=1336 expect=safe
# Custom template text is compiled only in a branch a constant disables.
from django.http import HttpResponse
from django.template import engines

ALLOW_CUSTOM_TEMPLATES = False
DEFAULT_PAGE = "<h1>{{ user }}</h1>"


def render_custom_page(request):
    source = DEFAULT_PAGE
    if ALLOW_CUSTOM_TEMPLATES:
        source = request.POST.get("body", DEFAULT_PAGE)
    template = engines["django"].from_string(source)
    return HttpResponse(template.render({"user": request.user}, request))
