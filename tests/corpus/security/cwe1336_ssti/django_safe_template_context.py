# gatherscan-corpus: cwe=1336 expect=safe
# A constant Django template; the GET value is passed in the Context.
from django.http import HttpResponse
from django.template import Context, Template

LETTER = Template("Dear {{ name }}, your balance is {{ balance }}.")


def letter(request):
    context = Context({"name": request.GET.get("name", "customer"), "balance": "0.00"})
    return HttpResponse(LETTER.render(context))
