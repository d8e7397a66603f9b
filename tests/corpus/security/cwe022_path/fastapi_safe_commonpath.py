# gatherscan-corpus: cwe=22 expect=safe
# os.path.commonpath of the resolved path and the base must be the base.
import os

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

app = FastAPI()
STATIC_ROOT = os.path.abspath("static")


@app.get("/static/{file_path:path}")
def static_file(file_path: str):
    full_path = os.path.abspath(os.path.join(STATIC_ROOT, file_path))
    if os.path.commonpath([STATIC_ROOT, full_path]) != STATIC_ROOT:
        raise HTTPException(status_code=404)
    return FileResponse(full_path)
