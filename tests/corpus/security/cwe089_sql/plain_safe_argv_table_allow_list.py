# gatherscan-corpus: cwe=89 expect=safe
# The table name from argv is accepted only if it is one of the known tables.
import sqlite3
import sys

TABLES = {"users", "orders", "invoices"}


def count_rows(table):
    if table not in TABLES:
        raise SystemExit(f"unknown table {table}")
    with sqlite3.connect("app.db") as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


if __name__ == "__main__":
    print(count_rows(sys.argv[1]))
