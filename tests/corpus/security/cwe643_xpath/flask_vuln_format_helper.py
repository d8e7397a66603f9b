# gatherscan-corpus: cwe=643 expect=vulnerable
# A helper builds the expression with str.format; the route passes a header value.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CONFIG = etree.parse("tenants.xml")


def tenant_expression(tenant):
    return "//tenant[@id='{}']/plan/text()".format(tenant)


@app.get("/plan")
def plan():
    result = CONFIG.xpath(tenant_expression(request.headers.get("X-Tenant", "")))
    return {"plan": str(result[0]) if result else None}
