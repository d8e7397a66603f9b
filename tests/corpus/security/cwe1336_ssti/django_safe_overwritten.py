# gatherscan-corpus: cwe=1336 expect=safe
# The cookie layout is overwritten with a constant before it is compiled.
from django.http import HttpResponse
from mako.template import Template


def dashboard_widget(request):
    layout = request.COOKIES.get("widget_layout", "")
    layout = "<div>${title | h}</div>"
    return HttpResponse(Template(layout).render(title=request.GET.get("title", "Sales")))
