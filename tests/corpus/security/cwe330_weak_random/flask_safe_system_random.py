# gatherscan-corpus: cwe=330 expect=safe
# random.SystemRandom draws from os.urandom.
import random
import string

from flask import Flask

app = Flask(__name__)
system_random = random.SystemRandom()


@app.post("/invites")
def invite():
    invite_code = "".join(system_random.choice(string.ascii_uppercase) for _ in range(10))
    return {"invite_code": invite_code}
