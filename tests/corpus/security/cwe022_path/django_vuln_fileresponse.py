# gatherscan-corpus: cwe=22 expect=vulnerable
# A GET parameter selects the file FileResponse streams.
import os

from django.conf import settings
from django.http import FileResponse


def download(request):
    relative = request.GET.get("f", "")
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, relative), "rb"), as_attachment=True)
