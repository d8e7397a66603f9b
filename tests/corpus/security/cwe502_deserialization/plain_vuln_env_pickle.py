# gatherscan-corpus: cwe=502 expect=vulnerable
# A worker restores its state from a base64 environment variable with pickle.
import base64
import os
import pickle


def restore_state():
    encoded = os.environ["WORKER_STATE"]
    return pickle.loads(base64.b64decode(encoded))


if __name__ == "__main__":
    print(restore_state())
