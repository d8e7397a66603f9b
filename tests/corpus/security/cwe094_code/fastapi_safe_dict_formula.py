# gatherscan-corpus: cwe=94 expect=safe
# The user's key picks one of the constant formulas; their own text never becomes code.
from fastapi import FastAPI

app = FastAPI()
FORMULAS = {"sum": "a + b", "product": "a * b", "mean": "(a + b) / 2"}


@app.get("/combine/{name}")
def combine(name: str, a: float, b: float):
    expression = FORMULAS.get(name, "a + b")
    return {"value": eval(expression, {"__builtins__": {}}, {"a": a, "b": b})}
