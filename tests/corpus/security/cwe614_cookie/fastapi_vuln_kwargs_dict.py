# gatherscan-corpus: cwe=614 expect=vulnerable
# Cookie options passed through a dict whose secure entry is False.
from fastapi import FastAPI, Response

app = FastAPI()
COOKIE_OPTIONS = {"httponly": True, "secure": False, "samesite": "lax"}


@app.post("/prefs")
def save_prefs(response: Response, theme: str = "light"):
    response.set_cookie("theme_token", theme, **COOKIE_OPTIONS)
    return {"theme": theme}
