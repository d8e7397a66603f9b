# gatherscan-corpus: cwe=22 expect=safe
# The document id is parsed as a UUID, which has no path separators.
import uuid

from fastapi import FastAPI

app = FastAPI()


@app.get("/documents/{doc_id}")
def document(doc_id: str):
    key = uuid.UUID(doc_id)
    with open(f"/srv/documents/{key}.json", encoding="utf-8") as handle:
        return {"document": handle.read()}
