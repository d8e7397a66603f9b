# gatherscan-corpus: cwe=502 expect=safe
# pickle reads the application's own cache file at a constant path; no request data reaches it.
import pickle
from pathlib import Path

from django.http import JsonResponse

CACHE_FILE = Path("/var/cache/app/exchange_rates.pickle")


def exchange_rates(request):
    currency = request.GET.get("currency", "EUR")
    with CACHE_FILE.open("rb") as handle:
        rates = pickle.load(handle)
    return JsonResponse({"currency": currency, "rate": rates.get(currency)})
