# gatherscan-corpus: cwe=89 expect=vulnerable
# Keys and values of the JSON body are joined into SET clauses through a generator expression.
import sqlite3

from fastapi import FastAPI, Request

app = FastAPI()


@app.patch("/settings/{user_id}")
async def update_settings(user_id: int, request: Request):
    changes = await request.json()
    assignments = ", ".join(f"{key} = '{value}'" for key, value in changes.items())
    connection = sqlite3.connect("app.db")
    connection.execute(f"UPDATE settings SET {assignments} WHERE user_id = {user_id}")
    connection.commit()
    return {"updated": len(changes)}
