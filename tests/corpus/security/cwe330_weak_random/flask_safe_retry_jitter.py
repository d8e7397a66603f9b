# gatherscan-corpus: cwe=330 expect=safe
# random only spaces out retries to an upstream service; nothing secret or client-facing.
import random
import time

import requests
from flask import Flask

app = Flask(__name__)


def fetch_rates(attempts=3):
    for attempt in range(attempts):
        try:
            return requests.get("https://rates.example.com/latest", timeout=5).json()
        except requests.RequestException:
            time.sleep((2**attempt) + random.uniform(0, 0.5))
    return {}


@app.get("/rates")
def rates():
    return fetch_rates()
