# gatherscan-corpus: cwe=94 expect=vulnerable
# An interactive prompt evaluates whatever is typed.
def repl():
    while True:
        line = input(">>> ")
        if line in {"quit", "exit"}:
            break
        print(eval(line))


if __name__ == "__main__":
    repl()
