# gatherscan-corpus: cwe=643 expect=safe
# A constant compiled XPath with a variable, called with the form value.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
CATALOGUE = etree.parse("catalogue.xml")
BOOKS_BY_AUTHOR = etree.XPath("//book[author=$author]/title/text()")


@app.post("/books/by-author")
def books_by_author():
    titles = BOOKS_BY_AUTHOR(CATALOGUE, author=request.form["author"])
    return {"titles": [str(title) for title in titles]}
