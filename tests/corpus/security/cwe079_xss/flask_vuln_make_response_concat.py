# gatherscan-corpus: cwe=79 expect=vulnerable
# make_response with HTML concatenated from form data.
from flask import Flask, make_response, request

app = Flask(__name__)


@app.post("/search")
def search():
    query = request.form.get("q", "")
    response = make_response("<p>No results for " + query + "</p>")
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response
