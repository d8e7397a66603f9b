# gatherscan-corpus: cwe=79 expect=vulnerable
# A base64 cookie value is decoded and echoed into an HTML page.
import base64

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/last-search")
def last_search(request: Request):
    raw = request.cookies.get("last_search", "")
    text = base64.urlsafe_b64decode(raw.encode()).decode("utf-8", "replace")
    return HTMLResponse("<p>Your last search: " + text + "</p>")
