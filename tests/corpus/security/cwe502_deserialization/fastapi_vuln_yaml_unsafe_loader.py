# gatherscan-corpus: cwe=502 expect=vulnerable
# yaml.load with UnsafeLoader on the body.
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/workflows")
async def workflows(request: Request):
    definition = yaml.load(await request.body(), Loader=yaml.UnsafeLoader)
    return {"name": definition["name"]}
