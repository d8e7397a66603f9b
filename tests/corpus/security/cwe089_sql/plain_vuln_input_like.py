# gatherscan-corpus: cwe=89 expect=vulnerable
# An interactive search term is concatenated into a LIKE pattern.
import sqlite3


def search():
    term = input("Search: ").strip()
    connection = sqlite3.connect("library.db")
    cursor = connection.cursor()
    cursor.execute("SELECT title FROM books WHERE title LIKE '%" + term + "%'")
    for (title,) in cursor.fetchall():
        print(title)


if __name__ == "__main__":
    search()
