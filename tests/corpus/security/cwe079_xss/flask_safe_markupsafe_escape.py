# gatherscan-corpus: cwe=79 expect=safe
# markupsafe.escape on the form value.
from flask import Flask, make_response, request
from markupsafe import escape

app = Flask(__name__)


@app.post("/search")
def search():
    query = escape(request.form.get("q", ""))
    return make_response(f"<p>No results for {query}</p>")
