# gatherscan-corpus: cwe=643 expect=vulnerable
# lxml: etree.XPath compiled from a concatenated form value.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("catalogue.xml")


@app.post("/books/by-author")
def books_by_author():
    author = request.form["author"]
    finder = etree.XPath("//book[author='" + author + "']/title/text()")
    return {"titles": [str(title) for title in finder(CATALOGUE)]}
