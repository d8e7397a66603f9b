# gatherscan-corpus: cwe=78 expect=vulnerable
# A helper in the same module builds the command with % formatting; the route passes form data to it.
import subprocess

from flask import Flask, request

app = Flask(__name__)
ARCHIVE_DIR = "/srv/archives"


def archive_command(name):
    return "tar czf %s/%s.tgz /srv/data" % (ARCHIVE_DIR, name)


@app.post("/archives")
def create_archive():
    name = request.form["name"]
    result = subprocess.run(archive_command(name), shell=True, capture_output=True, text=True)
    return {"code": result.returncode, "log": result.stderr}
