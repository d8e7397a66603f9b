# gatherscan-corpus: cwe=94 expect=safe
# The code is a module constant; the request value is only bound as a variable of it.
from fastapi import FastAPI

app = FastAPI()
DISCOUNT_RULE = "price * 0.9 if code == 'SPRING' else price"


@app.get("/discount")
def discount(code: str, price: float = 10.0):
    return {"price": eval(DISCOUNT_RULE, {"__builtins__": {}}, {"code": code, "price": price})}
