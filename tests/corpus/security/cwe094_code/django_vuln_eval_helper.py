# gatherscan-corpus: cwe=94 expect=vulnerable
# A same-module helper evaluates its argument; emptied builtins do not make eval safe.
from django.http import JsonResponse


def evaluate(expression):
    return eval(expression, {"__builtins__": {}}, {})


def chart_point(request):
    formula = request.GET.get("formula", "0")
    return JsonResponse({"y": evaluate(formula)})
