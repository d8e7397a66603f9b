# gatherscan-corpus: cwe=327 expect=vulnerable
# A CLI stores the admin password as a SHA-1 digest.
import getpass
import hashlib
import json


def set_admin_password(path="admin.json"):
    password = getpass.getpass("New admin password: ")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"password_sha1": hashlib.sha1(password.encode()).hexdigest()}, handle)


if __name__ == "__main__":
    set_admin_password()
