# gatherscan-corpus: cwe=1336 expect=vulnerable
# The name is spliced into the template text with replace(), so "{{ ... }}" in it is evaluated.
from flask import Flask, render_template_string, request

app = Flask(__name__)
GREETING = "<p>Dear NAME, your order ships {{ ship_date }}.</p>"


@app.get("/greeting")
def greeting():
    source = GREETING.replace("NAME", request.args.get("name", "customer"))
    return render_template_string(source, ship_date="tomorrow")
