# gatherscan-corpus: cwe=330 expect=vulnerable
# Invite codes from random.choices, returned to the client.
import random
import string

from fastapi import FastAPI

app = FastAPI()


@app.post("/invites")
def create_invite(email: str):
    invite_code = "".join(random.choices(string.ascii_uppercase + string.digits, k=8))
    return {"email": email, "invite_code": invite_code}
