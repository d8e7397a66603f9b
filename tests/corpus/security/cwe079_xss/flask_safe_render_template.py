# gatherscan-corpus: cwe=79 expect=safe
# render_template with an .html template autoescapes the context value.
from flask import Flask, render_template, request

app = Flask(__name__)


@app.post("/preview")
def preview():
    comment = request.form["comment"]
    return render_template("preview.html", comment=comment)
