# gatherscan-corpus: cwe=502 expect=vulnerable
# pickle.load reads an uploaded file object.
import pickle

from django.http import JsonResponse


def upload_model(request):
    model = pickle.load(request.FILES["model"])
    return JsonResponse({"type": type(model).__name__})
