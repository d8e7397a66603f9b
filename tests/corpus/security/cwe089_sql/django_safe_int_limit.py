# gatherscan-corpus: cwe=89 expect=safe
# LIMIT and OFFSET come from the request but pass through int().
from django.http import JsonResponse

from .models import Article


def page(request):
    limit = int(request.GET.get("limit", "20"))
    offset = int(request.GET.get("offset", "0"))
    query = f"SELECT * FROM blog_article ORDER BY published DESC LIMIT {limit} OFFSET {offset}"
    return JsonResponse({"titles": [article.title for article in Article.objects.raw(query)]})
