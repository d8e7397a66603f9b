# gatherscan-corpus: cwe=501 expect=safe
# Tuple unpacking: only the constant element is stored.
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="change-me")


@app.get("/onboarding")
def onboarding(request: Request, referrer: str = ""):
    stage, source = "welcome", referrer
    request.session["stage"] = stage
    return {"stage": stage, "source": source}
