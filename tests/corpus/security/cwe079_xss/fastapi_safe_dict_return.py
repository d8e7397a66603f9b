# gatherscan-corpus: cwe=79 expect=safe
# A FastAPI route returning a dict is serialised as JSON.
from fastapi import FastAPI

app = FastAPI()


@app.get("/welcome")
def welcome(msg: str = "Welcome"):
    return {"banner": f"<div>{msg}</div>"}
