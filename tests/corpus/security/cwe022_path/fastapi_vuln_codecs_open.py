# gatherscan-corpus: cwe=22 expect=vulnerable
# A header names the log file opened with codecs.open.
import codecs
import os

from fastapi import FastAPI, Header

app = FastAPI()
LOG_DIR = "/var/log/app"


@app.get("/logs")
def tail_log(x_log_name: str = Header("app.log")):
    with codecs.open(os.path.join(LOG_DIR, x_log_name), encoding="utf-8") as handle:
        return {"lines": handle.readlines()[-100:]}
