# gatherscan-corpus: cwe=78 expect=safe
# After pop(0) the element read at index 1 is the constant "df -h", not the parameter.
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/disk")
def disk(extra: str = ""):
    values = ["uptime", extra, "df -h"]
    values.pop(0)
    command = values[1]
    return {"exit": os.system(command)}
