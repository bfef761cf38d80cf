"""The database holds exactly the functions and triggers that the versioned .sql files declare.

Every app keeps its database objects in `<app>/sql/<object>.v<N>.<vendor>.sql` (core.sql); the
highest version of each object is the current one. Whatever the migrations did on the way, the
migrated test database must hold those definitions and nothing else of ours: no trigger or
function that a file does not declare (such as the sign-up function that 0007 of activities
removed), none changed behind a file's back.
"""

import re
from pathlib import Path

import pytest
from django.db import connection

import perspectives
from perspectives.core.sql import read_sql_file

pytestmark = pytest.mark.django_db

ROOT = Path(perspectives.__file__).resolve().parent
FILE = re.compile(r"^(?P<object>[\w-]+)\.v(?P<version>\d+)\.(?P<vendor>sqlite|postgresql)\.sql$")


def current_statements(vendor: str) -> list[str]:
    """The statements of the highest version of every object's file for this database."""
    latest: dict[str, tuple[int, Path]] = {}
    for path in ROOT.glob("*/sql/*.sql"):
        match = FILE.match(path.name)
        assert match, f"{path} is not named <object>.v<N>.<vendor>.sql"
        if match["vendor"] != vendor or match["object"].endswith("-drop"):
            continue
        key = f"{path.parent.parent.name}/{match['object']}"
        version = int(match["version"])
        if key not in latest or version > latest[key][0]:
            latest[key] = (version, path)
    return [statement for _, path in latest.values() for statement in read_sql_file(path)]


def squeeze(sql: str) -> str:
    return " ".join(sql.replace("public.", "").split())


def declared(vendor: str, kind: str) -> dict[str, str]:
    """{name: statement} of the declared CREATE TRIGGER or CREATE FUNCTION statements."""
    pattern = re.compile(rf"^CREATE (?:OR REPLACE )?{kind} (\w+)", re.IGNORECASE)
    found = {}
    for statement in current_statements(vendor):
        match = pattern.match(statement)
        if match:
            found[match[1]] = statement
    return found


def test_every_sql_file_is_named_for_an_object_version_and_database():
    paths = list(ROOT.glob("*/sql/*.sql"))
    assert paths
    for path in paths:
        assert FILE.match(path.name), path


def test_the_database_holds_exactly_the_declared_functions_and_triggers():
    if connection.vendor == "sqlite":
        assert_sqlite_holds_what_is_declared()
    else:
        assert connection.vendor == "postgresql"
        assert_postgresql_holds_what_is_declared()


def assert_sqlite_holds_what_is_declared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        in_database = {name: squeeze(sql) for name, sql in cursor.fetchall()}
    expected = {name: squeeze(sql) for name, sql in declared("sqlite", "TRIGGER").items()}
    assert expected
    assert in_database == expected


def assert_postgresql_holds_what_is_declared():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
        )
        functions = {name: " ".join(body.split()) for name, body in cursor.fetchall()}
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
        )
        triggers = {name: squeeze(definition) for name, definition in cursor.fetchall()}
    expected_functions = {
        name: " ".join(statement.split("$$")[1].split())
        for name, statement in declared("postgresql", "FUNCTION").items()
    }
    expected_triggers = {
        name: squeeze(statement) for name, statement in declared("postgresql", "TRIGGER").items()
    }
    assert expected_functions and expected_triggers
    assert functions == expected_functions
    assert triggers == expected_triggers
