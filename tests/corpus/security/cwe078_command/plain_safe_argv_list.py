# gatherscan-corpus: cwe=78 expect=safe
# A CLI passes argv to git as a list element after "--"; no shell is involved.
import subprocess
import sys


def clone(url, destination):
    subprocess.run(["git", "clone", "--depth", "1", "--", url, destination], check=True)


if __name__ == "__main__":
    clone(sys.argv[1], sys.argv[2])
