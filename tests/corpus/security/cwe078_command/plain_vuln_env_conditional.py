# gatherscan-corpus: cwe=78 expect=vulnerable
# The host comes from the environment or argv depending on an unknown condition; either is tainted.
import os
import subprocess
import sys


def uptime_of(host):
    return subprocess.run("ssh %s uptime" % host, shell=True, capture_output=True, text=True).stdout


if __name__ == "__main__":
    target = os.environ.get("DEPLOY_HOST", "") if len(sys.argv) < 2 else sys.argv[1]
    print(uptime_of(target))
