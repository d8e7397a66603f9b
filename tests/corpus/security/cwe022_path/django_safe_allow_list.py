# gatherscan-corpus: cwe=22 expect=safe
# Only names in a fixed set of legal documents are opened.
import os

from django.http import Http404, HttpResponse

LEGAL_DIR = "/srv/app/legal"
DOCUMENTS = frozenset({"terms.html", "privacy.html", "imprint.html"})


def legal(request, name):
    if name not in DOCUMENTS:
        raise Http404("unknown document")
    with open(os.path.join(LEGAL_DIR, name), encoding="utf-8") as handle:
        return HttpResponse(handle.read())
