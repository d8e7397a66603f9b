# gatherscan-corpus: cwe=89 expect=safe
# The IN clause is built from constant placeholders only; the ids are bound parameters.
from django.db import connection
from django.http import JsonResponse


def bulk_status(request):
    ids = request.GET.getlist("id")
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status FROM shipments WHERE id IN (%s)" % placeholders, ids)
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})
