# gatherscan-corpus: cwe=643 expect=safe
# lxml XPath variables bind the value; the expression text is constant.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("users.xml")


@app.route("/users/email")
def user_email():
    name = request.args.get("name", "")
    emails = USERS.xpath("//user[name=$name]/email/text()", name=name)
    return {"emails": [str(email) for email in emails]}
