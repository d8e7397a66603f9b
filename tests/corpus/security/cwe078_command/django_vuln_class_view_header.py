# gatherscan-corpus: cwe=78 expect=vulnerable
# A class-based view reads a header and runs it through os.system after replace().
import os

from django.http import HttpResponse
from django.views import View


class CacheWarmView(View):
    def post(self, request):
        region = request.headers.get("X-Region", "eu")
        target = "warm-cache --region REGION".replace("REGION", region)
        os.system(target)
        return HttpResponse(status=202)
