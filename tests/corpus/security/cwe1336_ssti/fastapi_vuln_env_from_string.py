# gatherscan-corpus: cwe=1336 expect=vulnerable
# A template field of a pydantic model is compiled by a jinja2 Environment.
from fastapi import FastAPI
from jinja2 import Environment
from pydantic import BaseModel

app = FastAPI()
env = Environment(autoescape=True)


class Notification(BaseModel):
    template: str
    user: str


@app.post("/notifications/preview")
def preview(notification: Notification):
    return {"text": env.from_string(notification.template).render(user=notification.user)}
