"""Running a few statements in as few round trips to the database as possible."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.db.backends.utils import CursorWrapper


def run_in_one_round_trip(
    cursor: CursorWrapper, statements: Sequence[str], params: Mapping[str, Any]
) -> None:
    """Run `statements` in order with the same named parameters; the cursor then holds the
    result of the last one.

    On PostgreSQL with client-side parameter binding (psycopg 3, Django's default) they are
    sent as one query: the database runs them one after another, each with a fresh snapshot as
    if sent apart, and answers once. Everywhere else (SQLite, server-side binding) they are sent
    one by one. For a lock followed by the work that needs it: the lock is then held for one
    round trip instead of several.
    """
    if _sends_several_statements_at_once(cursor):
        # Fixed statements of our own code joined; every value is a parameter.
        cursor.execute("; ".join(statements), params)
        for _ in statements[1:]:
            cursor.nextset()
        return
    for statement in statements:
        cursor.execute(statement, params)


def _sends_several_statements_at_once(cursor: CursorWrapper) -> bool:
    connection = cursor.db
    if connection.vendor != "postgresql":
        return False
    return is_psycopg3 and not connection.settings_dict["OPTIONS"].get("server_side_binding")
