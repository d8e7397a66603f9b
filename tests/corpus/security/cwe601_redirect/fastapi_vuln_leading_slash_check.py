# gatherscan-corpus: cwe=601 expect=vulnerable
# "starts with /" lets "//evil.test" through: a protocol-relative URL to another host.
from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/continue")
def continue_to(path: str = "/"):
    if not path.startswith("/"):
        raise HTTPException(status_code=400)
    return RedirectResponse(path)
