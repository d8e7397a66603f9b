# gatherscan-corpus: cwe=601 expect=vulnerable
# HttpResponseRedirect to a GET parameter.
from django.http import HttpResponseRedirect


def switch_language(request):
    request.session["lang"] = "en"
    return HttpResponseRedirect(request.GET["next"])
