# gatherscan-corpus: cwe=1336 expect=vulnerable
# A helper compiles its argument with Environment.from_string; the route passes a header.
from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment(autoescape=True)


def render_snippet(source, **context):
    return env.from_string(source).render(**context)


@app.get("/banner")
def banner():
    return render_snippet(request.headers.get("X-Banner", "Welcome"), user="guest")
