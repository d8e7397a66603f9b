# gatherscan-corpus: cwe=918 expect=safe
# Custom feed URLs are only fetched in a branch a constant disables.
import requests
from django.http import JsonResponse

ALLOW_CUSTOM_FEEDS = False
DEFAULT_FEED = "https://news.example.com/feed.json"


def import_feed(request):
    feed = DEFAULT_FEED
    if ALLOW_CUSTOM_FEEDS:
        feed = request.GET.get("feed", DEFAULT_FEED)
    return JsonResponse({"bytes": len(requests.get(feed, timeout=10).content)})
