# gatherscan-corpus: cwe=643 expect=vulnerable
# lxml: the login name is put into an XPath expression with an f-string.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("users.xml")


@app.route("/users/email")
def user_email():
    name = request.args.get("name", "")
    emails = USERS.xpath(f"//user[name='{name}']/email/text()")
    return {"emails": [str(email) for email in emails]}
