# gatherscan-corpus: cwe=502 expect=safe
# json.loads only builds plain data.
import json

from flask import Flask, request

app = Flask(__name__)


@app.post("/jobs/resume")
def resume_job():
    job = json.loads(request.data)
    return {"job": job.get("name")}
