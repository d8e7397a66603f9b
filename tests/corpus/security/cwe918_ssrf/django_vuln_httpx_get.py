# gatherscan-corpus: cwe=918 expect=vulnerable
# httpx.get on a feed URL from the query string.
import httpx
from django.http import JsonResponse


def import_feed(request):
    feed = request.GET.get("feed", "")
    reply = httpx.get(feed, timeout=10.0, follow_redirects=True)
    return JsonResponse({"bytes": len(reply.content)})
