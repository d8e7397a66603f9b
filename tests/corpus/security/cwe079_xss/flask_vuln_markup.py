# gatherscan-corpus: cwe=79 expect=vulnerable
# Markup() marks the user's text as safe HTML, so the template does not escape it.
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.post("/preview")
def preview():
    comment = request.form["comment"]
    rendered = Markup(f"<blockquote>{comment}</blockquote>")
    return render_template("preview.html", comment=rendered)
