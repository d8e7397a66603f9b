# gatherscan-corpus: cwe=1336 expect=safe
# The template name must be one of the shipped files; get_template loads it from disk.
from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

app = FastAPI()
env = Environment(loader=FileSystemLoader("templates"), autoescape=True)
THEMES = ("plain.html", "fancy.html")


@app.get("/card", response_class=HTMLResponse)
def card(theme: str = "plain.html", name: str = "friend"):
    if theme not in THEMES:
        raise HTTPException(status_code=404)
    return env.get_template(theme).render(name=name)
