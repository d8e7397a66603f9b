# gatherscan-corpus: cwe=22 expect=vulnerable
# A path parameter (":path" accepts slashes) goes to FileResponse.
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/static/{file_path:path}")
def static_file(file_path: str):
    return FileResponse(path=f"static/{file_path}")
