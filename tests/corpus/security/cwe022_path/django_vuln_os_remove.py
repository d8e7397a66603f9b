# gatherscan-corpus: cwe=22 expect=vulnerable
# POST data names the file to delete.
import os

from django.http import JsonResponse
from django.views.decorators.http import require_POST

AVATAR_DIR = "/srv/media/avatars"


@require_POST
def delete_avatar(request):
    name = request.POST["name"]
    os.remove(AVATAR_DIR + "/" + name)
    return JsonResponse({"deleted": name})
