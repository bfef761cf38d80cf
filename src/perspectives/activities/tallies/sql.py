"""The few SQL fragments that differ between SQLite and PostgreSQL."""

import datetime as dt
import json
from typing import Any

from django.db import connection

# Tables, named once; only these constants go into SQL text.
CHANGES = "activities_tallychange"
FIRSTS = "activities_firstattendance"
DAILY = "activities_dailyattendance"
DAILY_FIRSTS = "activities_dailyfirstattendance"
REGISTRATIONS = "activities_registration"
ACTIVITIES = "activities_activity"

ALL = "*all"
CATEGORISED = "*categorised"


def year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"


def in_ids(column: str) -> str:
    """`column` is one of the ids of one list parameter (see `ids_param`)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608


def ids_param(ids: list[int]) -> Any:
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


def in_dates(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::date[])"
    return f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608


def dates_param(days: list[dt.date | str]) -> Any:
    """Days as returned by a raw query: dates on PostgreSQL, ISO strings on SQLite."""
    if connection.vendor == "postgresql":
        return days
    return json.dumps([day if isinstance(day, str) else day.isoformat() for day in days])


def date_param(day: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def lock_tallies() -> None:
    """Serialise tally writers; must be called inside a transaction.

    SQLite already runs one writing transaction at a time (IMMEDIATE transactions).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A fixed key of our own: 'tally' in ASCII.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x74616C6C79])
