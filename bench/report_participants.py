"""Benchmark: the participants report on 1,000,000 people and 10,000,000 registrations.

Generates the data in PostgreSQL (a database of its own, dropped afterwards unless --keep),
folds the changes that the load queued into the report tallies (timed apart: write-time work),
times `build_participants_report` for both counts (participations and unique persons) through
the real code, then times the same aggregation in DuckDB on the same rows as the reference, and
checks that both give the same figures.

    .venv/bin/python bench/report_participants.py [--people 1000000] [--registrations 10000000]

Needs a PostgreSQL server (BENCH_PG, default postgres://postgres@127.0.0.1:5432) and duckdb
(`pip install -e '.[bench]'`).
"""

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
YEARS = list(range(2016, 2026))
THROUGH = dt.date(2025, 10, 31)
CATEGORIES = ["starters", "professionals", "knowledge_events", "business_coaching"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--registrations", type=int, default=10_000_000)
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--database", default="bench_report")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (reuse with --reuse)"
    )
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept before")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per count (best kept)")
    args = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    url = f"{server}/{args.database}"
    if not args.reuse:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
            admin.execute(f'CREATE DATABASE "{args.database}"')
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "localhost",
        "DJANGO_SETTINGS_MODULE": "perspectives.config.settings.base",
    }
    os.environ.update(env)
    if not args.reuse:
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], check=True, env=env)
        started = time.perf_counter()
        generate(
            url, people=args.people, registrations=args.registrations, activities=args.activities
        )
        print(f"generated in {time.perf_counter() - started:.0f} s")

    import django

    django.setup()
    from perspectives.activities.tallies.services import refresh_tallies
    from perspectives.impact.selectors import build_participants_report

    # The load queued its changes through the triggers; fold them in as the background task
    # does after an import. This is write-time work, timed apart from the report.
    started = time.perf_counter()
    refresh = refresh_tallies()
    tally_seconds = time.perf_counter() - started

    timings = {}
    reports = {}
    for unit in ("participations", "persons"):
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            reports[unit] = build_participants_report(years=YEARS, through=THROUGH, unit=unit)
            best = min(best, time.perf_counter() - started)
        timings[unit] = best
    app_seconds = timings["participations"] + timings["persons"]

    duck_seconds, duck = duckdb_reference(url)
    mismatches = compare(reports, duck)

    with psycopg.connect(url) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    from django.db import connections

    connections.close_all()
    if not args.keep:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.database}"')

    print()
    print(
        f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, PostgreSQL {pg_version}"
    )
    print(
        f"data: {args.people:,} people, {args.registrations:,} registrations, {args.activities:,} activities, years {YEARS[0]}-{YEARS[-1]} (last through {THROUGH})"
    )
    print(
        f"tallies folded in after the load: {tally_seconds:.1f} s"
        f" ({refresh.changes:,} queued changes, full recount: {refresh.recounted_all})"
    )
    print(
        f"report, participations: {timings['participations'] * 1000:.0f} ms (best of {args.repeat})"
    )
    print(f"report, unique persons: {timings['persons'] * 1000:.0f} ms (best of {args.repeat})")
    print(f"report, both counts:    {app_seconds * 1000:.0f} ms")
    print(f"DuckDB, same aggregation (both counts): {duck_seconds * 1000:.0f} ms (best of 3)")
    print(f"ratio report / DuckDB: {app_seconds / duck_seconds:.2f} (target <= 1)")
    print(f"figures equal to a full recomputation: {'yes' if not mismatches else 'NO'}")
    for line in mismatches[:20]:
        print("  ", line)
    sys.exit(1 if mismatches else 0)


def generate(url: str, *, people: int, registrations: int, activities: int) -> None:
    """Fill the tables with set-based SQL; every (activity, person) pair is unique."""
    per_activity = registrations // activities
    days = (dt.date(YEARS[-1], 12, 31) - dt.date(YEARS[0], 1, 1)).days + 1
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO people_person (id, created_at, updated_at, first_name, last_name, email, participant_type)
            SELECT g, now(), now(), 'P' || g, 'Bench', 'p' || g || '@bench.example', 'employee'
            FROM generate_series(1, %s) AS g
            """,
            [people],
        )
        conn.execute(
            """
            INSERT INTO activities_activity (id, created_at, updated_at, code, title, description, type, pillar,
                category, starts_on, location, is_closed, is_online, price_amount)
            SELECT g, now(), now(), 'a' || g, 'Activity ' || g, '', 'workshop', 'talent',
                (ARRAY['starters','professionals','knowledge_events','business_coaching',''])[1 + g %% 5],
                %s::date + ((g * 7919) %% %s)::int, '', (g %% 23 = 0), false, 0
            FROM generate_series(1, %s) AS g
            """,
            [dt.date(YEARS[0], 1, 1), days, activities],
        )
        # Loading 10M rows under per-row foreign-key triggers and live indexes takes many
        # minutes; drop them, load, and build them again as a restore would.
        constraints = conn.execute(
            """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = 'activities_registration'::regclass AND contype IN ('f', 'u')
            """
        ).fetchall()
        indexes = conn.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE tablename = 'activities_registration' AND indexname NOT IN (
                SELECT conname FROM pg_constraint WHERE conrelid = 'activities_registration'::regclass)
            """
        ).fetchall()
        for name, _definition in constraints:
            conn.execute(f'ALTER TABLE activities_registration DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        # Statuses: about 75 % attended, the rest spread over the other statuses.
        conn.execute("ALTER TABLE activities_registration SET UNLOGGED")
        conn.execute(
            """
            INSERT INTO activities_registration (created_at, updated_at, activity_id, person_id, status,
                price_amount, source, registered_at)
            SELECT now(), now(), a, 1 + ((a::bigint * 7919 + k::bigint * 104729) %% %s),
                (ARRAY['attended','attended','attended','attended','attended','attended','no_show','cancelled'])[1 + (a + k) %% 8],
                0, 'import', now()
            FROM generate_series(1, %s) AS a, generate_series(0, %s) AS k
            """,
            [people, activities, per_activity - 1],
        )
        conn.execute("ALTER TABLE activities_registration SET LOGGED")
        conn.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            conn.execute(definition)
        for name, definition in constraints:
            conn.execute(
                f'ALTER TABLE activities_registration ADD CONSTRAINT "{name}" {definition}'
            )
        for table in ("people_person", "activities_activity", "activities_registration"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            conn.execute(f"VACUUM ANALYZE {table}")


def duckdb_reference(url: str):
    """Load the same rows into DuckDB (not timed) and time the same aggregation there."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp, psycopg.connect(url) as conn:
        for table, columns in (
            ("activities_activity", "id, category, starts_on, is_closed"),
            ("activities_registration", "activity_id, person_id, status"),
        ):
            path = Path(tmp) / f"{table}.csv"
            with (
                open(path, "wb") as out,
                conn.cursor().copy(
                    f"COPY (SELECT {columns} FROM {table}) TO STDOUT WITH (FORMAT csv, HEADER)"
                ) as copy,
            ):
                for chunk in copy:
                    out.write(chunk)
        duck = duckdb.connect()
        duck.execute(
            f"CREATE TABLE activity AS SELECT * FROM read_csv_auto('{tmp}/activities_activity.csv')"
        )
        duck.execute(
            f"CREATE TABLE registration AS SELECT * FROM read_csv_auto('{tmp}/activities_registration.csv')"
        )
    query = f"""
        WITH counted AS (
            SELECT a.category, year(a.starts_on) AS year, r.person_id
            FROM registration r JOIN activity a ON a.id = r.activity_id
            WHERE r.status = 'attended' AND NOT a.is_closed AND a.category <> ''
              AND a.starts_on BETWEEN DATE '{YEARS[0]}-01-01' AND DATE '{THROUGH}'
        )
        SELECT category, year, count(*) AS participations, count(DISTINCT person_id) AS persons
        FROM counted GROUP BY GROUPING SETS ((category, year), (year))
    """
    best, rows = float("inf"), None
    for _ in range(3):
        started = time.perf_counter()
        rows = duck.execute(query).fetchall()
        best = min(best, time.perf_counter() - started)
    return best, rows


def compare(reports, duck_rows) -> list[str]:
    """Differences between the app's report and DuckDB's full recomputation."""
    expected = {}
    for category, year, participations, persons in duck_rows:
        expected[(category or "*", year)] = (participations, persons)
    problems = []
    by_code = {
        unit: {row.code: row.values for row in report.rows} for unit, report in reports.items()
    }
    for category in CATEGORIES:
        for year in YEARS:
            want = expected.get((category, year), (0, 0))
            got = (
                by_code["participations"][category].get(year),
                by_code["persons"][category].get(year),
            )
            if tuple(want) != got:
                problems.append(f"{category} {year}: report {got}, recomputed {want}")
    for year in YEARS:
        want = expected.get(("*", year), (0, 0))[1]
        got = reports["persons"].unique_persons.get(year)
        if want != got:
            problems.append(f"unique persons {year}: report {got}, recomputed {want}")
    return problems


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
