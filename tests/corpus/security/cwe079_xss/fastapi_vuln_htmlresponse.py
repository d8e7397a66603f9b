# gatherscan-corpus: cwe=79 expect=vulnerable
# HTMLResponse with a query parameter in an f-string.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/welcome", response_class=HTMLResponse)
def welcome(msg: str = "Welcome"):
    return HTMLResponse(content=f"<div class='banner'>{msg}</div>")
