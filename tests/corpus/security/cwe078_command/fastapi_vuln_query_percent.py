# gatherscan-corpus: cwe=78 expect=vulnerable
# A FastAPI query parameter is %-formatted into os.system.
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/export")
def export(fmt: str = "pdf"):
    code = os.system("pandoc report.md -o /tmp/report.%s" % fmt)
    return {"exit": code}
