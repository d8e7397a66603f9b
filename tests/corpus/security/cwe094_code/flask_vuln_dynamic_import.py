# gatherscan-corpus: cwe=94 expect=vulnerable
# The plugin name from the query string is imported with __import__.
from flask import Flask, request

app = Flask(__name__)


def load_plugin(name):
    module = __import__("plugins." + name, fromlist=["run"])
    return module.run


@app.get("/plugins/run")
def run_plugin():
    handler = load_plugin(request.args.get("plugin", "default"))
    return {"output": handler()}
