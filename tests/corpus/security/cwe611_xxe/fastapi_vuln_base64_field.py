# gatherscan-corpus: cwe=611 expect=vulnerable
# A base64 field of a form is decoded and parsed with entity resolution on (a SAML-style response).
import base64

from fastapi import FastAPI, Form
from lxml import etree

app = FastAPI()


@app.post("/sso/acs")
def assertion_consumer(SAMLResponse: str = Form(...)):
    document = base64.b64decode(SAMLResponse)
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=True, load_dtd=True))
    return {"issuer": root.findtext("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")}
