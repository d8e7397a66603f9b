# gatherscan-corpus: cwe=502 expect=safe
# A CLI reads its own cache at a fixed path; the environment only decides whether to use it.
import os
import pickle

CACHE_PATH = os.path.expanduser("~/.cache/report-tool/index.pickle")


def load_index():
    if os.environ.get("REPORT_TOOL_NO_CACHE"):
        return {}
    try:
        with open(CACHE_PATH, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return {}


if __name__ == "__main__":
    print(len(load_index()))
