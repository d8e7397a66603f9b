# gatherscan-corpus: cwe=78 expect=safe
# A membership test against a fixed set guards the shell command.
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_TOOLS = {"git", "python3", "node"}


@app.get("/versions")
def version():
    tool = request.args.get("tool", "git")
    if tool not in ALLOWED_TOOLS:
        abort(400)
    completed = subprocess.run(f"{tool} --version", shell=True, capture_output=True, text=True)
    return {"version": completed.stdout.strip()}
