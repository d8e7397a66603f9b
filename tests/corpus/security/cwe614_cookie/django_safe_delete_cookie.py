# gatherscan-corpus: cwe=614 expect=safe
# delete_cookie expires the cookie; there is no value left to protect.
from django.http import HttpResponseRedirect


def logout_view(request):
    response = HttpResponseRedirect("/")
    response.delete_cookie("login_token")
    response.delete_cookie("remember")
    return response
