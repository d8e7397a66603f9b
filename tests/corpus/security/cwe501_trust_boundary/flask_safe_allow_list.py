# gatherscan-corpus: cwe=501 expect=safe
# The language is stored only when it is a supported one.
from flask import Flask, abort, request, session

app = Flask(__name__)
SUPPORTED_LANGUAGES = frozenset({"en", "de", "fr"})


@app.post("/language")
def set_language():
    language = request.form.get("language", "en")
    if language not in SUPPORTED_LANGUAGES:
        abort(400)
    session["language"] = language
    return {"language": language}
