# gatherscan-corpus: cwe=601 expect=safe
# The requested target is overwritten with a constant before the redirect.
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/sso/callback")
def sso_callback(next_url: str = "/"):
    destination = next_url
    destination = "/dashboard"
    return RedirectResponse(url=destination, status_code=303)
