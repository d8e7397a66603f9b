# gatherscan-corpus: cwe=643 expect=safe
# The position is converted with int() before it is put into the expression.
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
NEWS = etree.parse("news.xml")


@app.get("/news/item")
def news_item():
    position = int(request.args.get("n", "1"))
    titles = NEWS.xpath(f"//item[{position}]/title/text()")
    return {"title": str(titles[0]) if titles else None}
