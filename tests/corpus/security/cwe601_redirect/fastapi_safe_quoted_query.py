# gatherscan-corpus: cwe=601 expect=safe
# The path is constant; the parameter only fills the query string, quoted.
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/find")
def find(q: str = ""):
    return RedirectResponse(f"/search?q={quote(q, safe='')}")
