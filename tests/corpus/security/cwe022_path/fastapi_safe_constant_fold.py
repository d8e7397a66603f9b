# gatherscan-corpus: cwe=22 expect=safe
# The condition folds to True ((7 * 42) - 86 > 200), so the constant file name is used.
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/download")
def download(name: str = ""):
    num = 86
    if (7 * 42) - num > 200:
        bar = "static/readme.txt"
    else:
        bar = name
    return FileResponse(bar)
