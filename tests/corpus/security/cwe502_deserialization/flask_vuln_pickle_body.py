# gatherscan-corpus: cwe=502 expect=vulnerable
# The raw request body is unpickled.
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/jobs/resume")
def resume_job():
    job = pickle.loads(request.data)
    return {"job": job.get("name")}
