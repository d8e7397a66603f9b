# gatherscan-corpus: cwe=918 expect=vulnerable
# A same-module helper fetches its argument; the route passes a query parameter.
import requests
from fastapi import FastAPI

app = FastAPI()


def fetch_preview(link):
    return requests.get(link.strip(), timeout=5).text[:500]


@app.get("/link-preview")
def link_preview(link: str):
    return {"preview": fetch_preview(link)}
