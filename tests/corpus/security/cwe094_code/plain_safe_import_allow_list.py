# gatherscan-corpus: cwe=94 expect=safe
# The backend named by the environment is imported only when it is one of a fixed set.
import os

SUPPORTED_BACKENDS = frozenset({"json", "pickle", "marshal"})


def load_backend():
    name = os.environ.get("SERIALIZER", "json")
    if name in SUPPORTED_BACKENDS:
        return __import__(name)
    raise SystemExit(f"unsupported serializer: {name}")


if __name__ == "__main__":
    print(load_backend().__name__)
