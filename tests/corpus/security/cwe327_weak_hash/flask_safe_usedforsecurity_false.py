# gatherscan-corpus: cwe=327 expect=safe
# MD5 as an ETag, explicitly marked as not used for security.
import hashlib

from flask import Flask, make_response

app = Flask(__name__)
STYLESHEET = "body { font-family: sans-serif; }"


@app.get("/static/site.css")
def stylesheet():
    response = make_response(STYLESHEET)
    response.headers["ETag"] = hashlib.md5(STYLESHEET.encode(), usedforsecurity=False).hexdigest()
    response.headers["Content-Type"] = "text/css"
    return response
