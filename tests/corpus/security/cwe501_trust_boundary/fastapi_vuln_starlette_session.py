# gatherscan-corpus: cwe=501 expect=vulnerable
# Starlette SessionMiddleware: a query parameter is stored in request.session.
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/tenant")
def select_tenant(request: Request, tenant: str):
    request.session["tenant"] = tenant
    return {"tenant": tenant}
