# gatherscan-corpus: cwe=78 expect=safe
# The tainted value only selects among constant commands (a dict lookup with a constant default).
import subprocess

from fastapi import FastAPI

app = FastAPI()
REPORTS = {"disk": "df -h", "memory": "free -m", "load": "uptime"}


@app.get("/system/{kind}")
def system_report(kind: str):
    command = REPORTS.get(kind, "uptime")
    output = subprocess.run(command, shell=True, capture_output=True, text=True).stdout
    return {"report": output}
