# gatherscan-corpus: cwe=89 expect=vulnerable
# executescript runs several statements; the note comes from a query parameter.
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.post("/notes")
def add_note(note: str):
    connection = sqlite3.connect("notes.db")
    connection.executescript(f"INSERT INTO notes (body) VALUES ('{note}'); UPDATE stats SET notes = notes + 1;")
    connection.commit()
    return {"ok": True}
