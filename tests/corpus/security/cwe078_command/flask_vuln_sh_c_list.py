# gatherscan-corpus: cwe=78 expect=vulnerable
# List form without shell=True, but the list runs "sh -c" with a string built from the request.
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.get("/logs/search")
def search_logs():
    pattern = request.values.get("q", "")
    script = "grep -n " + pattern + " /var/log/app/current.log | tail -50"
    completed = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=False)
    return completed.stdout, 200, {"Content-Type": "text/plain"}
