# gatherscan-corpus: cwe=327 expect=safe
# The condition folds to True (7 * 18 + 106 > 200), so "sha512" is chosen.
import hashlib
import sys


def digest_file(path):
    num = 106
    algorithm = "sha512" if 7 * 18 + num > 200 else "md5"
    with open(path, "rb") as handle:
        return hashlib.new(algorithm, handle.read()).hexdigest()


if __name__ == "__main__":
    print(digest_file(sys.argv[1]))
