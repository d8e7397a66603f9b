# gatherscan-corpus: cwe=601 expect=safe
# The key selects one of the constant destinations.
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {"docs": "/docs", "status": "/status", "blog": "/blog"}


@app.get("/go/{key}")
def go(key: str):
    return RedirectResponse(DESTINATIONS.get(key, "/"))
