# gatherscan-corpus: cwe=94 expect=vulnerable
# Whether the override is used depends on the request itself; when it is, it is evaluated.
from fastapi import FastAPI

app = FastAPI()
DEFAULT_SCORE = "clicks * 2 + views"


@app.get("/score")
def score(clicks: int, views: int, override: str = ""):
    expression = override if override else DEFAULT_SCORE
    return {"score": eval(expression, {}, {"clicks": clicks, "views": views})}
