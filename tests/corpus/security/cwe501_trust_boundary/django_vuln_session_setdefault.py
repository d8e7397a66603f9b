# gatherscan-corpus: cwe=501 expect=vulnerable
# session.setdefault stores a cookie value.
from django.shortcuts import render


def dashboard(request):
    theme = request.session.setdefault("theme", request.COOKIES.get("theme", "light"))
    return render(request, "dashboard.html", {"theme": theme})
