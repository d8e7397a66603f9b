# gatherscan-corpus: cwe=79 expect=vulnerable
# mark_safe on POST data disables the template's escaping.
from django.shortcuts import render
from django.utils.safestring import mark_safe


def signature_preview(request):
    signature = mark_safe(request.POST.get("signature", ""))
    return render(request, "accounts/signature.html", {"signature": signature})
