# gatherscan-corpus: cwe=94 expect=safe
# A CLI reads a Python literal from argv with ast.literal_eval.
import ast
import sys


def main():
    settings = ast.literal_eval(sys.argv[1]) if len(sys.argv) > 1 else {}
    for key, value in sorted(settings.items()):
        print(f"{key} = {value!r}")


if __name__ == "__main__":
    main()
