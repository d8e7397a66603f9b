# gatherscan-corpus: cwe=611 expect=vulnerable
# xml.sax with external general entities switched on parses the upload.
import io
import xml.sax
from xml.sax.handler import feature_external_ges

from flask import Flask, request

app = Flask(__name__)


class TitleCollector(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.titles = []

    def characters(self, content):
        self.titles.append(content)


@app.post("/opml")
def opml():
    handler = TitleCollector()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(io.BytesIO(request.files["outline"].read()))
    return {"titles": handler.titles}
