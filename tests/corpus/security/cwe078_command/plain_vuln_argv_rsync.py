# gatherscan-corpus: cwe=78 expect=vulnerable
# A command-line tool passes sys.argv into os.system.
import os
import sys


def main():
    source = sys.argv[1]
    destination = sys.argv[2] if len(sys.argv) > 2 else "/backup"
    return os.system("rsync -a " + source + " " + destination)


if __name__ == "__main__":
    raise SystemExit(main())
