# gatherscan-corpus: cwe=1336 expect=safe
# A template file named by a constant, with the request value as context.
from flask import Flask, render_template, request

app = Flask(__name__)


@app.post("/emails/preview")
def preview_email():
    return render_template("emails/order.html", note=request.form.get("note", ""))
