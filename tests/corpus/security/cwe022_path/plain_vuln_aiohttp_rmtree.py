# gatherscan-corpus: cwe=22 expect=vulnerable
# aiohttp: a route segment names the workspace folder removed with shutil.rmtree.
import os
import shutil

from aiohttp import web

WORKSPACES = "/srv/workspaces"


async def delete_workspace(request):
    workspace = request.match_info["workspace"]
    shutil.rmtree(os.path.join(WORKSPACES, workspace))
    return web.json_response({"deleted": workspace})


app = web.Application()
app.router.add_delete("/workspaces/{workspace}", delete_workspace)
