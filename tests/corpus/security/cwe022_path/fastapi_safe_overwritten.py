# gatherscan-corpus: cwe=22 expect=safe
# The tainted path is replaced by a constant before the file is opened.
from fastapi import FastAPI

app = FastAPI()


@app.get("/banner")
def banner(theme: str = "light"):
    path = f"themes/{theme}/banner.txt"
    path = "themes/default/banner.txt"
    with open(path, encoding="utf-8") as handle:
        return {"banner": handle.read()}
