# gatherscan-corpus: cwe=327 expect=safe
# hashlib.new("md5", ..., usedforsecurity=False) for cache partitioning.
import hashlib

from flask import Flask, request

app = Flask(__name__)


@app.get("/shard")
def shard():
    key = request.args.get("key", "")
    bucket = int(hashlib.new("md5", key.encode(), usedforsecurity=False).hexdigest(), 16) % 16
    return {"bucket": bucket}
