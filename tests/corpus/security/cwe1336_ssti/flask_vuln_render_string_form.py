# gatherscan-corpus: cwe=1336 expect=vulnerable
# A user-edited email template is rendered as a Jinja template.
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.post("/emails/preview")
def preview_email():
    template_source = request.form["template"]
    return render_template_string(template_source, customer="Ada", order_total="42.00")
