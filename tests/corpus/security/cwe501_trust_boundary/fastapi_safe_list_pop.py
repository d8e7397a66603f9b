# gatherscan-corpus: cwe=501 expect=safe
# After pop(0), index 1 holds the constant, not the parameter.
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/plan")
def plan(request: Request, choice: str = ""):
    plans = ["free", choice, "basic"]
    plans.pop(0)
    request.session["plan"] = plans[1]
    return {"plan": request.session["plan"]}
