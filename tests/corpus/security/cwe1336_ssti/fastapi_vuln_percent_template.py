# gatherscan-corpus: cwe=1336 expect=vulnerable
# The greeting is %-formatted into template source and compiled.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Template

app = FastAPI()


@app.get("/card", response_class=HTMLResponse)
def card(greeting: str = "Hello"):
    source = "<div class='card'>%s, {{ name }}</div>" % greeting
    return Template(source, autoescape=True).render(name="friend")
