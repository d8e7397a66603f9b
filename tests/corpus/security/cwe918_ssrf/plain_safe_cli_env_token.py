# gatherscan-corpus: cwe=918 expect=safe
# A CLI sends an environment token as a header to a constant URL.
import os

import requests

RELEASES_URL = "https://api.github.com/repos/example/tool/releases/latest"


def latest_release():
    headers = {"Authorization": f"Bearer {os.environ.get('GITHUB_TOKEN', '')}"}
    return requests.get(RELEASES_URL, headers=headers, timeout=10).json().get("tag_name")


if __name__ == "__main__":
    print(latest_release())
