# gatherscan-corpus: cwe=502 expect=safe
# yaml.load with SafeLoader imported under an alias.
from fastapi import FastAPI, Request
from yaml import SafeLoader as YamlSafeLoader
from yaml import load as load_yaml

app = FastAPI()


@app.post("/workflows")
async def workflows(request: Request):
    definition = load_yaml(await request.body(), Loader=YamlSafeLoader)
    return {"name": definition["name"]}
