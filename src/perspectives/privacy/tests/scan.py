"""Look for strings anywhere in the database: every column of every table, cast to text."""

import hashlib

from django.db import connection


def list_tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def find_strings(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column holding one of the needles, case-insensitive."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in list_tables():
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608
                        f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append((table, column, needle))
    return found


def checksum_database() -> str:
    """A digest of every row of every table, for 'nothing changed' assertions."""
    quote = connection.ops.quote_name
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in list_tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            for row in sorted(repr(r) for r in cursor.fetchall()):
                digest.update(f"{table}:{row}".encode())
    return digest.hexdigest()
