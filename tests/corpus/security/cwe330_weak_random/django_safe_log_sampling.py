# gatherscan-corpus: cwe=330 expect=safe
# random decides which requests are logged in detail; the value never leaves the server.
import logging
import random

from django.http import JsonResponse

logger = logging.getLogger(__name__)
SAMPLE_RATE = 0.01


def health(request):
    if random.random() < SAMPLE_RATE:
        logger.info("health check from %s", request.META.get("REMOTE_ADDR"))
    return JsonResponse({"status": "ok"})
