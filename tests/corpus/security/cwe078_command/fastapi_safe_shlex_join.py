# gatherscan-corpus: cwe=78 expect=safe
# shlex.join quotes every argument, so the shell sees the pattern as one word.
import shlex
import subprocess

from fastapi import FastAPI, Query

app = FastAPI()


@app.get("/logs")
def logs(pattern: str = Query("error")):
    script = shlex.join(["grep", "-n", "--", pattern, "/var/log/app/current.log"])
    completed = subprocess.run(script, shell=True, capture_output=True, text=True, check=False)
    return {"lines": completed.stdout.splitlines()[-50:]}
