# gatherscan-corpus: cwe=1336 expect=safe
# User templates go through jinja2's SandboxedEnvironment, made for untrusted templates.
from fastapi import FastAPI
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

app = FastAPI()
sandbox = SandboxedEnvironment(autoescape=True)


class Notification(BaseModel):
    template: str
    user: str


@app.post("/notifications/preview")
def preview(notification: Notification):
    return {"text": sandbox.from_string(notification.template).render(user=notification.user)}
