# gatherscan-corpus: cwe=22 expect=vulnerable
# A prefix check on the raw string is not containment: "reports/../../etc/passwd" passes it.
import shutil

from django.http import Http404, JsonResponse


def archive_report(request):
    relative = request.GET.get("path", "")
    if not relative.startswith("reports/"):
        raise Http404("not a report")
    shutil.copy("/srv/data/" + relative, "/srv/archive/")
    return JsonResponse({"archived": relative})
