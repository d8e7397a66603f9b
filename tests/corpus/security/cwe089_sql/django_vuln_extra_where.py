# gatherscan-corpus: cwe=89 expect=vulnerable
# QuerySet.extra(where=...) with a clause concatenated from POST data.
from django.http import JsonResponse

from .models import Article


def articles_by_author(request):
    author = request.POST.get("author", "0")
    articles = Article.objects.extra(where=["author_id = " + author])
    return JsonResponse({"titles": [article.title for article in articles]})
