# gatherscan-corpus: cwe=330 expect=vulnerable
# A password generator CLI built on random.choice.
import random
import string
import sys


def generate_password(length):
    pool = string.ascii_letters + string.digits + string.punctuation
    password = ""
    for _ in range(length):
        password += random.choice(pool)
    return password


if __name__ == "__main__":
    print(generate_password(int(sys.argv[1]) if len(sys.argv) > 1 else 16))
