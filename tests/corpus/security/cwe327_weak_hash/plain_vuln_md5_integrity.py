# gatherscan-corpus: cwe=327 expect=vulnerable
# A downloaded release is verified against an MD5 checksum before it is installed.
import hashlib
import sys


def verify_release(path, expected):
    checksum = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            checksum.update(chunk)
    return checksum.hexdigest() == expected


if __name__ == "__main__":
    if not verify_release(sys.argv[1], sys.argv[2]):
        raise SystemExit("checksum mismatch, refusing to install")
