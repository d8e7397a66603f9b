# gatherscan-corpus: cwe=601 expect=vulnerable
# RedirectResponse to a query parameter.
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/sso/callback")
def sso_callback(next_url: str = "/"):
    return RedirectResponse(url=next_url, status_code=303)
