# gatherscan-corpus: cwe=89 expect=vulnerable
# A list of ids is joined into an IN clause and executed on a raw cursor.
from django.db import connection
from django.http import JsonResponse


def bulk_status(request):
    ids = request.GET.getlist("id")
    id_list = ",".join(ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, status FROM shipments WHERE id IN ({id_list})")
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})
