"""Fixtures of the activities tests."""

import sqlite3

import pytest
from django.db import connection, connections


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """Make the test database reachable from other threads, each on its own connection.

    On PostgreSQL, and on SQLite with a file, every thread simply opens its own connection. An
    in-memory SQLite test database is shared between threads through SQLite's shared cache,
    whose table locks fail at once ('database table is locked') instead of waiting, so it
    cannot show how writers queue. There the test runs on a file copy of the test database
    (schema and triggers included), opened with the project's settings (WAL, IMMEDIATE
    transactions, busy timeout), in this thread and in every worker.
    """
    original = connections["default"]
    if connection.vendor != "sqlite" or not original.is_in_memory_db():
        yield lambda: None
        return
    path = tmp_path / "seats.sqlite3"
    original.ensure_connection()
    copy = sqlite3.connect(path)
    original.connection.backup(copy)
    copy.close()
    settings_dict = {**original.settings_dict, "NAME": str(path)}

    def use_file_database():
        connections["default"] = original.__class__(settings_dict, alias="default")

    use_file_database()
    try:
        yield use_file_database
    finally:
        connections["default"].close()
        connections["default"] = original
