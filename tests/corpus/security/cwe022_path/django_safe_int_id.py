# gatherscan-corpus: cwe=22 expect=safe
# The report id passes through int(), so the path can only name a numbered file.
from django.http import HttpResponse

REPORT_DIR = "/srv/reports"


def report_csv(request):
    report_id = int(request.GET.get("id", "0"))
    with open(f"{REPORT_DIR}/{report_id}.csv", encoding="utf-8") as handle:
        return HttpResponse(handle.read(), content_type="text/csv")
