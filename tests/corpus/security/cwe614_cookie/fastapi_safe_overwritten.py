# gatherscan-corpus: cwe=614 expect=safe
# secure starts False for local use and is overwritten with True before use.
from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/prefs")
def save_prefs(response: Response, theme: str = "light"):
    secure = False
    secure = True
    response.set_cookie("theme_token", theme, secure=secure, httponly=True, samesite="lax")
    return {"theme": theme}
