# gatherscan-corpus: cwe=502 expect=safe
# The body is validated as JSON into a pydantic model.
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Resume(BaseModel):
    step: int
    answers: dict[str, str]


@app.post("/wizard/resume")
def resume(payload: Resume):
    return {"step": payload.step, "answered": len(payload.answers)}
