# gatherscan-corpus: cwe=78 expect=vulnerable
# Fields of the JSON body go through str.format into a Popen command run by the shell.
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/thumbnails", methods=["POST"])
def thumbnail():
    payload = request.get_json(force=True)
    source = payload["source"]
    size = payload.get("size", "128x128")
    command = "convert {} -resize {} /tmp/thumb.png".format(source, size)
    process = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE)
    output, _ = process.communicate()
    return jsonify(ok=process.returncode == 0, bytes=len(output))
