# gatherscan-corpus: cwe=94 expect=vulnerable
# Each line of a posted script is executed in a loop.
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/console")
async def console(request: Request):
    script = (await request.body()).decode()
    environment = {}
    for line in script.splitlines():
        if line.strip():
            exec(line, environment)
    return {"defined": [name for name in environment if not name.startswith("__")]}
