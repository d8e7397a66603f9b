# gatherscan-corpus: cwe=1336 expect=vulnerable
# A django.template.Template whose source is concatenated with a GET value.
from django.http import HttpResponse
from django.template import Context, Template


def letter(request):
    name = request.GET.get("name", "customer")
    template = Template("Dear " + name + ", your balance is {{ balance }}.")
    return HttpResponse(template.render(Context({"balance": "0.00"})))
