# gatherscan-corpus: cwe=94 expect=safe
# The request value is an int by the time it is put into the expression.
from django.http import JsonResponse


def square(request):
    number = int(request.GET.get("n", "2"))
    return JsonResponse({"square": eval(f"{number} ** 2")})
