# gatherscan-corpus: cwe=79 expect=safe
# The tainted fragment is replaced by a constant before the response is built.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/notice")
def notice(text: str = ""):
    fragment = f"<p>{text}</p>"
    fragment = "<p>Scheduled maintenance tonight.</p>"
    return HTMLResponse(fragment)
