# gatherscan-corpus: cwe=78 expect=safe
# The environment only chooses the working directory; the shell command itself is a constant.
import os
import subprocess


def build():
    workdir = os.environ.get("BUILD_DIR", ".")
    return subprocess.run("make clean all", shell=True, cwd=workdir, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(build())
