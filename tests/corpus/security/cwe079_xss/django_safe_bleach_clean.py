# gatherscan-corpus: cwe=79 expect=safe
# bleach.clean strips tags and attributes outside the allow-list.
import bleach
from django.http import HttpResponse

ALLOWED_TAGS = ["b", "i", "em", "strong", "a"]


def comment_preview(request):
    cleaned = bleach.clean(request.POST.get("comment", ""), tags=ALLOWED_TAGS, strip=True)
    return HttpResponse("<div class='comment'>" + cleaned + "</div>")
