# gatherscan-corpus: cwe=611 expect=safe
# xml.sax with external general and parameter entities explicitly off.
import io
import xml.sax
from xml.sax.handler import feature_external_ges, feature_external_pes

from flask import Flask, request

app = Flask(__name__)


@app.post("/opml")
def opml():
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(xml.sax.ContentHandler())
    parser.parse(io.BytesIO(request.files["outline"].read()))
    return {"ok": True}
