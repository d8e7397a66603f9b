# gatherscan-corpus: cwe=79 expect=vulnerable
# A jinja2 Environment with autoescape=False renders the parameter into HTML.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=False)
CARD = env.from_string("<div class='card'><h3>{{ title }}</h3></div>")


@app.get("/card")
def card(title: str):
    return HTMLResponse(CARD.render(title=title))
