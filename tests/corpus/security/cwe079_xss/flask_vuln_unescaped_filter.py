# gatherscan-corpus: cwe=79 expect=vulnerable
# The template's "|safe" filter turns autoescaping off for the request value.
from flask import Flask, render_template_string, request

app = Flask(__name__)
PROFILE = "<section><h2>About me</h2><p>{{ bio|safe }}</p></section>"


@app.get("/profile/preview")
def profile_preview():
    return render_template_string(PROFILE, bio=request.args.get("bio", ""))
