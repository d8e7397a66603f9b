# gatherscan-corpus: cwe=89 expect=vulnerable
# A CLI puts the table name from argv into the statement passed to executemany.
import csv
import sqlite3
import sys


def import_rows(database, table, csv_path):
    with open(csv_path, newline="") as handle:
        rows = [(row[0], row[1]) for row in csv.reader(handle)]
    with sqlite3.connect(database) as connection:
        connection.executemany(f"INSERT INTO {table} (key, value) VALUES (?, ?)", rows)


if __name__ == "__main__":
    import_rows("data.db", sys.argv[1], sys.argv[2])
