# gatherscan-corpus: cwe=79 expect=safe
# HTMLResponse with the parameter passed through html.escape.
import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/welcome", response_class=HTMLResponse)
def welcome(msg: str = "Welcome"):
    safe_message = html.escape(msg, quote=True)
    return HTMLResponse(content=f"<div class='banner'>{safe_message}</div>")
