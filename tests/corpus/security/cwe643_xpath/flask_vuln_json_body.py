# gatherscan-corpus: cwe=643 expect=vulnerable
# Two JSON fields are %-formatted into a credential check.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
ACCOUNTS = etree.parse("accounts.xml").getroot()


@app.post("/login")
def login():
    data = request.get_json()
    expression = "count(//account[login='%s' and pin='%s'])" % (data["login"], data["pin"])
    return {"ok": ACCOUNTS.xpath(expression) == 1}
