# gatherscan-corpus: cwe=94 expect=vulnerable
# A request field becomes the body of a lambda built in an f-string.
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Transform(BaseModel):
    body: str
    values: list[float]


@app.post("/transform")
def transform(spec: Transform):
    function = eval(f"lambda x: {spec.body}")
    return {"values": [function(value) for value in spec.values]}
