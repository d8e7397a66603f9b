# gatherscan-corpus: cwe=1336 expect=safe
# After pop(0), index 1 is the constant template source.
from fastapi import FastAPI
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)


@app.get("/note")
def note(custom: str = ""):
    sources = ["<p>{{ text }}</p>", custom, "<em>{{ text }}</em>"]
    sources.pop(0)
    return {"html": env.from_string(sources[1]).render(text="note")}
