# gatherscan-corpus: cwe=1336 expect=vulnerable
# Repeated query values are joined into the template source in a loop.
from fastapi import FastAPI, Query
from jinja2 import Environment

app = FastAPI()
env = Environment()


@app.get("/report")
def report(section: list[str] = Query([])):
    source = ""
    for title in section:
        source += "<h2>" + title + "</h2>{{ body }}"
    return {"html": env.from_string(source).render(body="...")}
