# gatherscan-corpus: cwe=89 expect=safe
# SQLAlchemy text() with a named bind parameter and the value passed separately.
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)


@app.post("/accounts/lookup")
def lookup_account():
    email = request.json["email"]
    row = db.session.execute(text("SELECT id, plan FROM accounts WHERE email = :email"), {"email": email}).first()
    return {"account": list(row) if row else None}
