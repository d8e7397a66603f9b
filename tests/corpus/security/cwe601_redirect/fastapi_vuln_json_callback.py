# gatherscan-corpus: cwe=601 expect=vulnerable
# A callback URL from the JSON body, with a suffix appended, is redirected to.
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.post("/payments/confirm")
async def confirm(request: Request):
    data = await request.json()
    callback = data["callback"] + "?status=paid"
    return RedirectResponse(callback, status_code=303)
