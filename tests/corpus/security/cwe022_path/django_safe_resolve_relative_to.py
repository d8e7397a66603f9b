# gatherscan-corpus: cwe=22 expect=safe
# The resolved path must be relative to the media folder before it is opened.
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404


def download(request):
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / request.GET.get("f", "")).resolve()
    if not target.is_relative_to(root):
        raise Http404("outside the media folder")
    return FileResponse(target.open("rb"), as_attachment=True)
