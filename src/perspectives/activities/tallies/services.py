"""Keeping the report tallies current: fold the queued changes in, or recount everything.

Only these functions write the tally tables; the triggers of migration 0004 only queue.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction

from ..models import RegistrationStatus
from . import sql
from .sql import ACTIVITIES, ALL, CATEGORISED, CHANGES, DAILY, DAILY_FIRSTS, FIRSTS, REGISTRATIONS

# Above this many queued changes, recounting everything set-based is cheaper than person by
# person (a bulk import, the first refresh after the tallies were introduced).
FULL_RECOUNT_AT = 100_000
PERSONS_PER_STATEMENT = 20_000
RECOUNT_WORK_MEM = "256MB"  # per sort or hash of a full recount, for that transaction only

# The default counting rule (DESIGN.md): attended, and the activity is not a closed meeting.
COUNTED = (
    f"FROM {REGISTRATIONS} r JOIN {ACTIVITIES} a ON a.id = r.activity_id"  # noqa: S608
    " WHERE r.status = %s AND a.is_closed = %s"
)


def counted_params() -> list:
    """The parameters of COUNTED."""
    return [RegistrationStatus.ATTENDED.value, False]


@dataclass(frozen=True)
class TallyRefresh:
    changes: int  # queued changes folded in
    persons: int  # persons recounted (0 after a full recount)
    days: int  # days recounted (0 after a full recount)
    recounted_all: bool


def refresh_tallies() -> TallyRefresh:
    """Fold every queued change into the tallies; a no-op when nothing is queued.

    Called before any tally is read, so figures never lag behind committed registrations.
    Runs in its own transaction (or savepoint) under a lock shared by all tally writers.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        sql.lock_tallies()
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {CHANGES}", [])  # noqa: S608
        queued, last_id = cursor.fetchone()
        if not queued:
            return TallyRefresh(changes=0, persons=0, days=0, recounted_all=False)
        # Taking the queue first and reading the registrations after means every change we
        # take is visible to the reads below; changes committed later stay queued.
        if queued > FULL_RECOUNT_AT:
            _empty_queue(cursor, last_id)
            _recount_all(cursor)
            return TallyRefresh(changes=queued, persons=0, days=0, recounted_all=True)
        cursor.execute(
            f"DELETE FROM {CHANGES} WHERE id <= %s RETURNING person_id, day",  # noqa: S608
            [last_id],
        )
        rows = cursor.fetchall()
        persons = sorted({person_id for person_id, _ in rows})
        days = sorted({day for _, day in rows})
        for start in range(0, len(persons), PERSONS_PER_STATEMENT):
            _recount_persons(cursor, persons[start : start + PERSONS_PER_STATEMENT])
        _recount_days(cursor, days)
        return TallyRefresh(
            changes=len(rows), persons=len(persons), days=len(days), recounted_all=False
        )


def recount_tallies() -> None:
    """Recount every tally from the registrations (repair, or after a bulk load)."""
    with transaction.atomic(), connection.cursor() as cursor:
        sql.lock_tallies()
        cursor.execute(f"SELECT MAX(id) FROM {CHANGES}", [])  # noqa: S608
        _empty_queue(cursor, cursor.fetchone()[0] or 0)
        _recount_all(cursor)


def _empty_queue(cursor, last_id: int) -> None:
    """Drop the whole queue before a full recount reads the registrations.

    On PostgreSQL, TRUNCATE waits for writers that are still adding to the queue and holds new
    ones off until we commit, so every change it drops is visible to the recount; it also
    leaves no dead rows behind after a bulk load. SQLite runs one writer at a time.
    """
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {CHANGES}", [])
    else:
        cursor.execute(f"DELETE FROM {CHANGES} WHERE id <= %s", [last_id])  # noqa: S608


def _insert_firsts(filter_sql: str = "") -> str:
    year = sql.year_of("a.starts_on")
    return (
        f"INSERT INTO {FIRSTS} (person_id, category, year, first_on)"  # noqa: S608
        f" SELECT r.person_id, a.category, {year}, MIN(a.starts_on) {COUNTED}{filter_sql}"
        " GROUP BY r.person_id, a.category, 3"
    )


def first_tallies_sql(filter_sql: str) -> str:
    """(category set, day, persons) from the first attendances that match `filter_sql`.

    A category's own row needs no grouping by person: there is one first attendance per person,
    category and year. The two unions take each person's earliest day over their categories.
    """
    return (
        f"SELECT category, first_on, COUNT(*) FROM {FIRSTS} f WHERE {filter_sql}"  # noqa: S608
        " GROUP BY category, first_on"
        f" UNION ALL SELECT '{ALL}', d, COUNT(*) FROM (SELECT MIN(first_on) AS d FROM {FIRSTS} f"
        f" WHERE {filter_sql} GROUP BY person_id, year) t GROUP BY d"
        f" UNION ALL SELECT '{CATEGORISED}', d, COUNT(*) FROM (SELECT MIN(first_on) AS d"
        f" FROM {FIRSTS} f WHERE {filter_sql} AND category <> '' GROUP BY person_id, year) t"
        " GROUP BY d"
    )


def _daily_sql(filter_sql: str = "") -> str:
    return (
        f"INSERT INTO {DAILY} (category, day, participations)"  # noqa: S608
        f" SELECT a.category, a.starts_on, COUNT(*) {COUNTED}{filter_sql}"
        " GROUP BY a.category, a.starts_on"
    )


def _recount_all(cursor) -> None:
    # TRUNCATE leaves no dead rows for millions of first attendances; readers of the tallies
    # wait for our commit, which is what a report should do during a recount anyway.
    if connection.vendor == "postgresql":
        # The groupings below sort millions of rows; with the default 4 MB each spills to disk.
        cursor.execute(f"SET LOCAL work_mem = '{RECOUNT_WORK_MEM}'", [])
        cursor.execute(f"TRUNCATE {FIRSTS}, {DAILY}, {DAILY_FIRSTS}", [])
    else:
        for table in (FIRSTS, DAILY, DAILY_FIRSTS):
            cursor.execute(f"DELETE FROM {table}", [])  # noqa: S608
    cursor.execute(_insert_firsts(), counted_params())
    cursor.execute(_daily_sql(), counted_params())
    cursor.execute(
        f"INSERT INTO {DAILY_FIRSTS} (category_set, day, persons) "  # noqa: S608
        + first_tallies_sql("1 = 1"),
        [],
    )
    if connection.vendor == "postgresql":
        for table in (FIRSTS, DAILY, DAILY_FIRSTS):
            cursor.execute(f"ANALYZE {table}", [])


def _first_tallies(cursor, ids_filter: str, ids) -> Counter:
    cursor.execute(first_tallies_sql(ids_filter), [ids, ids, ids])
    return Counter({(key, day): n for key, day, n in cursor.fetchall()})


def _recount_persons(cursor, persons: list[int]) -> None:
    ids = sql.ids_param(persons)
    ids_filter = sql.in_ids("f.person_id")
    before = _first_tallies(cursor, ids_filter, ids)
    cursor.execute(f"DELETE FROM {FIRSTS} WHERE {sql.in_ids('person_id')}", [ids])  # noqa: S608
    cursor.execute(_insert_firsts(f" AND {sql.in_ids('r.person_id')}"), [*counted_params(), ids])
    after = _first_tallies(cursor, ids_filter, ids)
    deltas = [
        (key, day, after[(key, day)] - before[(key, day)])
        for key, day in set(before) | set(after)
        if after[(key, day)] != before[(key, day)]
    ]
    if not deltas:
        return
    cursor.executemany(
        f"INSERT INTO {DAILY_FIRSTS} (category_set, day, persons) VALUES (%s, %s, %s)"  # noqa: S608
        f" ON CONFLICT (category_set, day)"
        f" DO UPDATE SET persons = {DAILY_FIRSTS}.persons + excluded.persons",
        deltas,
    )
    cursor.execute(f"DELETE FROM {DAILY_FIRSTS} WHERE persons = 0", [])  # noqa: S608


def _recount_days(cursor, days: list) -> None:
    if not days:
        return
    param = sql.dates_param(days)
    cursor.execute(f"DELETE FROM {DAILY} WHERE {sql.in_dates('day')}", [param])  # noqa: S608
    cursor.execute(_daily_sql(f" AND {sql.in_dates('a.starts_on')}"), [*counted_params(), param])
