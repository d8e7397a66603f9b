# gatherscan-corpus: cwe=89 expect=vulnerable
# RawSQL built with an f-string from a cookie.
from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from .models import Order


def orders_with_score(request):
    weight = request.COOKIES.get("score_weight", "1")
    orders = Order.objects.annotate(score=RawSQL(f"SELECT total * {weight} FROM shop_order o WHERE o.id = id", ()))
    return JsonResponse({"scores": [order.score for order in orders]})
