# gatherscan-corpus: cwe=89 expect=vulnerable
# SQLAlchemy text() receives a string concatenated with a JSON field.
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)


@app.post("/accounts/lookup")
def lookup_account():
    email = request.json["email"]
    statement = text("SELECT id, plan FROM accounts WHERE email = '" + email + "'")
    row = db.session.execute(statement).first()
    return {"account": list(row) if row else None}
