# gatherscan-corpus: cwe=502 expect=vulnerable
# A hex field of a JSON model is unpickled.
import pickle

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Resume(BaseModel):
    state: str


@app.post("/wizard/resume")
def resume(payload: Resume):
    state = pickle.loads(bytes.fromhex(payload.state))
    return {"step": state["step"]}
