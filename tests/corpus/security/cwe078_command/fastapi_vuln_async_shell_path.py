# gatherscan-corpus: cwe=78 expect=vulnerable
# A path parameter reaches asyncio.create_subprocess_shell.
import asyncio

from fastapi import APIRouter

router = APIRouter()


@router.post("/backups/{folder}")
async def backup(folder: str):
    process = await asyncio.create_subprocess_shell("tar czf /backups/latest.tgz /data/" + folder)
    await process.wait()
    return {"exit": process.returncode}
