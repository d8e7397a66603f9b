# gatherscan-corpus: cwe=501 expect=safe
# The cookie selects one of the constant themes.
from django.http import JsonResponse

THEMES = {"dark": "theme-dark", "light": "theme-light", "contrast": "theme-contrast"}


def apply_theme(request):
    request.session["theme"] = THEMES.get(request.COOKIES.get("theme", ""), "theme-light")
    return JsonResponse({"theme": request.session["theme"]})
