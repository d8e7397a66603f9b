# gatherscan-corpus: cwe=94 expect=vulnerable
# A startup hook taken from the environment is executed as code.
import os


def run_startup_hook():
    hook = os.environ.get("APP_STARTUP_HOOK")
    if hook:
        exec(hook, {"__name__": "startup"})


if __name__ == "__main__":
    run_startup_hook()
