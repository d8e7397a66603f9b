# gatherscan-corpus: cwe=1336 expect=vulnerable
# A Mako template compiled from a cookie (Mako allows arbitrary Python in ${...}).
from django.http import HttpResponse
from mako.template import Template


def dashboard_widget(request):
    layout = request.COOKIES.get("widget_layout", "<div>${title}</div>")
    return HttpResponse(Template(layout).render(title="Sales"))
