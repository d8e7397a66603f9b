# gatherscan-corpus: cwe=501 expect=safe
# FastAPI converts the parameter annotated as int before it is stored.
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/results")
def results(request: Request, page: int = 1):
    request.session["page"] = page
    return {"page": page}
