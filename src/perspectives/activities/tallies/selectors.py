"""Reading the report tallies. Callers run `services.refresh_tallies()` first."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet, Sum

from perspectives.core.periods import Period, group_by_period

from ..models import DailyAttendance, DailyFirstAttendance
from . import sql
from .services import COUNTED, counted_params, first_tallies_sql


def is_year_to_date(period: Period) -> bool:
    """Whether the period runs from 1 January to a day of the same year.

    Only such periods can be answered from first attendances, which are kept per year.
    """
    return period.start == dt.date(period.start.year, 1, 1) and (
        period.last_day.year == period.start.year
    )


def _by_period(queryset: QuerySet, periods: list[Period], field: str) -> dict[str, int]:
    result = {period.label: 0 for period in periods}
    rows = group_by_period(queryset, periods=periods, date_field="day").annotate(n=Sum(field))
    for row in rows:
        result[row["period"]] = int(row["n"] or 0)
    return result


def sum_participations(*, periods: list[Period], categories: list[str] | None) -> dict[str, int]:
    """Attended registrations of open activities per period, of these categories (None: all)."""
    if not periods:
        return {}
    rows = DailyAttendance.objects.all()
    if categories is not None:
        rows = rows.filter(category__in=categories)
    return _by_period(rows, periods, "participations")


def sum_persons(*, periods: list[Period], category_set: str) -> dict[str, int]:
    """Distinct persons per year-to-date period who attended in the category set."""
    if not periods:
        return {}
    if not all(is_year_to_date(period) for period in periods):
        raise ValueError("persons are kept per calendar year: periods must start on 1 January")
    rows = DailyFirstAttendance.objects.filter(category_set=category_set)
    return _by_period(rows, periods, "persons")


def count_persons_outside(
    *, periods: list[Period], categories: list[str] | None, others: list[QuerySet]
) -> dict[str, int]:
    """Distinct persons of `others` not counted by the tallies of these categories, per period.

    `others` are querysets of (period label, person_id), e.g. another source's persons; a
    person counts here when they have no first attendance in the period's year, in these
    categories (None: any), on or before the period's last day.
    """
    result = {period.label: 0 for period in periods}
    if not periods or not others:
        return result
    ctes, selects, params = [], [], []
    for index, queryset in enumerate(others):
        query, query_params = queryset.order_by().query.sql_with_params()
        ctes.append(f"o{index}(lbl, pid) AS ({query})")
        params.extend(query_params)
        selects.append(f"SELECT lbl, pid FROM o{index}")  # noqa: S608
    period_rows = ", ".join("(%s, %s, %s)" for _ in periods)
    ctes.append(f"p(lbl, yr, last_day) AS (VALUES {period_rows})")
    for period in periods:
        params.extend([period.label, period.start.year, sql.date_param(period.last_day)])
    category_filter = ""
    if categories is not None:
        category_filter = f" AND f.category IN ({', '.join('%s' for _ in categories)})"
        params.extend(categories)
    if connection.vendor == "postgresql":
        # VALUES gives untyped text; compare like with like.
        year, last_day = "CAST(p.yr AS integer)", "CAST(p.last_day AS date)"
    else:
        year, last_day = "p.yr", "p.last_day"
    statement = (
        f"WITH {', '.join(ctes)} SELECT o.lbl, COUNT(DISTINCT o.pid)"  # noqa: S608
        f" FROM ({' UNION ALL '.join(selects)}) o JOIN p ON p.lbl = o.lbl"
        f" WHERE NOT EXISTS (SELECT 1 FROM {sql.FIRSTS} f WHERE f.person_id = o.pid"
        f" AND f.year = {year} AND f.first_on <= {last_day}{category_filter})"
        " GROUP BY o.lbl"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for label, n in cursor.fetchall():
            result[str(label)] = n
    return result


@contextmanager
def read_snapshot(*, tables: tuple[str, ...] = ()) -> Iterator[None]:
    """Every read inside sees one and the same committed state of the database.

    On PostgreSQL a REPEATABLE READ, READ ONLY transaction; on SQLite a deferred transaction,
    whose first read fixes the snapshot (WAL keeps it while writers commit). Inside a
    transaction that is already open, that transaction is the snapshot.

    `tables` are held against TRUNCATE until the end, locked before the snapshot is taken.
    TRUNCATE is not MVCC-safe on PostgreSQL: a snapshot taken before a full recount truncated
    and refilled the tallies would read them as empty once the recount commits, and a
    difference would be reported that never existed. ACCESS SHARE conflicts with nothing but
    TRUNCATE and DDL, so writers and ordinary refreshes carry on meanwhile; a full recount
    waits for the reads to end. LOCK TABLE takes no snapshot itself: the first read after it
    does, so the snapshot holds every truncation committed before the lock was granted.
    """
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", [])
            if tables:
                # Only the module's own table constants are ever passed here.
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS SHARE MODE", [])
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED", [])
        try:
            yield
        finally:
            cursor.execute("ROLLBACK", [])  # read only: nothing to keep


def list_tally_differences() -> dict[str, int]:
    """Rows in which each tally differs from a recount from the registrations (all 0: right).

    Compares both ways with EXCEPT: a missing or an extra row counts once, a wrong one twice.
    Every table and its recount are read in one snapshot, and the changes still queued in it
    are folded in: a queued person's first attendances and a queued day's participations are
    recounted from the registrations by the next refresh, so there they are left out of both
    sides. The tallies per category set are compared with the first attendances they derive
    from, which change with them in one transaction. So a difference reported is real, however
    many registrations are written meanwhile.
    """
    year = sql.year_of("a.starts_on")
    queued_persons = f"NOT IN (SELECT person_id FROM {sql.CHANGES})"  # noqa: S608
    queued_days = f"NOT IN (SELECT day FROM {sql.CHANGES})"  # noqa: S608
    recounts = {
        sql.FIRSTS: (
            f"SELECT r.person_id, a.category, {year}, MIN(a.starts_on) {COUNTED}"
            f" AND r.person_id {queued_persons} GROUP BY r.person_id, a.category, 3",
            "SELECT person_id, category, year, first_on",
            f" WHERE person_id {queued_persons}",
            counted_params(),
        ),
        sql.DAILY: (
            f"SELECT a.category, a.starts_on, COUNT(*) {COUNTED}"
            f" AND a.starts_on {queued_days} GROUP BY a.category, a.starts_on",
            "SELECT category, day, participations",
            f" WHERE day {queued_days}",
            counted_params(),
        ),
        sql.DAILY_FIRSTS: (
            first_tallies_sql("1 = 1"),
            "SELECT category_set, day, persons",
            "",
            [],
        ),
    }
    differences = {}
    # The queue first: the same order as a full recount's truncations, so neither waits for
    # the other while holding a table the other needs.
    tables = (sql.CHANGES, sql.FIRSTS, sql.DAILY, sql.DAILY_FIRSTS)
    with read_snapshot(tables=tables), connection.cursor() as cursor:
        for table, (recount, stored, where, params) in recounts.items():
            stored_sql = f"{stored} FROM {table}{where}"  # noqa: S608
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT * FROM ({recount}) x EXCEPT {stored_sql}) d",  # noqa: S608
                params,
            )
            missing = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(*) FROM ({stored_sql} EXCEPT SELECT * FROM ({recount}) x) d",  # noqa: S608
                params,
            )
            differences[table] = missing + cursor.fetchone()[0]
    return differences
