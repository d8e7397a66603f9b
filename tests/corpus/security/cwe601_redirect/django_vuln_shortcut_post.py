# gatherscan-corpus: cwe=601 expect=vulnerable
# django.shortcuts.redirect with a POST value.
from django.contrib.auth import login
from django.shortcuts import redirect


def complete_signup(request):
    login(request, request.user)
    destination = request.POST.get("return_to", "/")
    return redirect(destination)
