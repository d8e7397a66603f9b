# gatherscan-corpus: cwe=89 expect=safe
# QuerySet.extra with a constant where clause and the value in params.
from django.http import JsonResponse

from .models import Article


def articles_by_author(request):
    author = request.POST.get("author", "0")
    articles = Article.objects.extra(where=["author_id = %s"], params=[author])
    return JsonResponse({"titles": [article.title for article in articles]})
