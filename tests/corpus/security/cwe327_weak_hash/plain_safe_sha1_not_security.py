# gatherscan-corpus: cwe=327 expect=safe
# SHA-1 names cache files (like git objects); marked usedforsecurity=False.
import hashlib
import sys
from pathlib import Path

CACHE = Path.home() / ".cache" / "thumbs"


def cache_path(source):
    name = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()
    return CACHE / name[:2] / name


if __name__ == "__main__":
    print(cache_path(sys.argv[1]))
