# gatherscan-corpus: cwe=79 expect=vulnerable
# HTML built in a loop from repeated GET values.
from django.http import HttpResponse


def tag_cloud(request):
    html = "<div class='tags'>"
    for tag in request.GET.getlist("tag"):
        html += "<span class='tag'>{}</span>".format(tag)
    html += "</div>"
    return HttpResponse(html)
