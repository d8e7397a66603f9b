# gatherscan-corpus: cwe=94 expect=safe
# FastAPI converts parameters annotated as int, so only numbers reach the expression.
from fastapi import FastAPI

app = FastAPI()


@app.get("/power")
def power(base: int, exponent: int = 2):
    return {"result": eval(f"{base} ** {min(exponent, 8)}")}
