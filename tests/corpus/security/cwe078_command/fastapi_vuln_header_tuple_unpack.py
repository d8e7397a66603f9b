# gatherscan-corpus: cwe=78 expect=vulnerable
# A header is split and tuple-unpacked; both halves reach a shell command.
import subprocess

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/mirror")
async def mirror(request: Request):
    package, version = request.headers.get("x-package", "pip:24.0").split(":", 1)
    subprocess.run(f"pip download --no-deps {package}=={version} -d /srv/mirror", shell=True, check=False)
    return {"queued": package}
