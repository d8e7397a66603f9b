# gatherscan-corpus: cwe=330 expect=vulnerable
# A one-time login code from random.randint.
import random

from flask import Flask, request, session

app = Flask(__name__)


@app.post("/otp/send")
def send_otp():
    otp = random.randint(100000, 999999)
    session["otp"] = otp
    deliver_sms(request.form["phone"], f"Your code is {otp}")
    return {"sent": True}


def deliver_sms(phone, text):
    print(phone, text)
