# gatherscan-corpus: cwe=22 expect=vulnerable
# aiohttp: a JSON field passes through a helper that builds the path to write.
from aiohttp import web

NOTES_DIR = "/srv/notes"


def note_path(title):
    return "{}/{}.txt".format(NOTES_DIR, title.strip())


async def save_note(request):
    data = await request.json()
    with open(note_path(data["title"]), "w", encoding="utf-8") as handle:
        handle.write(data.get("body", ""))
    return web.json_response({"saved": True})


app = web.Application()
app.router.add_post("/notes", save_note)
