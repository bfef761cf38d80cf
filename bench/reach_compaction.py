"""Benchmark: compacting one million raw visitor hits (target: under 10 seconds on PostgreSQL).

Migrates a fresh database, inserts N raw hits set-based (spread over 30 finished days and the
four sections, every hash distinct) and times `compact_visitor_hits` on them, then times the
second run that finds nothing left (idempotence). Prints one JSON line per database.

    .venv/bin/python bench/reach_compaction.py [--hits 1000000] [--skip-sqlite] [--skip-postgres]

PostgreSQL: a fresh database `bench_reach` is created and dropped on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["vacancy_portal", "academy", "knowledge_base", "other"]
DAYS = 30

POSTGRES_INSERT = """
INSERT INTO reach_visitorhit (day, section, visitor_hash)
SELECT %s::date - 1 - (i %% {days}),
       (ARRAY['vacancy_portal', 'academy', 'knowledge_base', 'other'])[1 + (i / {days}) %% 4],
       md5(i::text) || md5((-i)::text)
FROM generate_series(1, %s) AS i
"""
SQLITE_INSERT = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)
INSERT INTO reach_visitorhit (day, section, visitor_hash)
SELECT date(%s, '-' || (1 + i %% {days}) || ' days'),
       CASE (i / {days}) %% 4 WHEN 0 THEN 'vacancy_portal' WHEN 1 THEN 'academy'
            WHEN 2 THEN 'knowledge_base' ELSE 'other' END,
       printf('%%064x', i)
FROM n
"""


def child(label: str, hits: int) -> None:
    """Runs inside a process whose DATABASE_URL points at a fresh database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perspectives.config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from perspectives.reach.models import DailyVisitors
    from perspectives.reach.services import compact_visitor_hits

    call_command("migrate", verbosity=0)
    template = POSTGRES_INSERT if connection.vendor == "postgresql" else SQLITE_INSERT
    started = time.perf_counter()
    with connection.cursor() as cursor:
        today = timezone.localdate().isoformat()
        params = [today, hits] if connection.vendor == "postgresql" else [hits, today]
        cursor.execute(template.format(days=DAYS), params)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE reach_visitorhit")
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    result = compact_visitor_hits(before_day=timezone.localdate())
    compaction = time.perf_counter() - started
    started = time.perf_counter()
    again = compact_visitor_hits(before_day=timezone.localdate())
    second = time.perf_counter() - started
    counted = sum(DailyVisitors.objects.values_list("unique_visitors", flat=True))
    assert result["hits"] == hits and counted == hits and again["hits"] == 0, (result, counted)
    print(
        json.dumps(
            {
                "database": label,
                "hits": hits,
                "section_days": result["section_days"],
                "insert_seconds": round(inserted, 2),
                "compaction_seconds": round(compaction, 2),
                "second_run_seconds": round(second, 3),
                "target_seconds": 10,
                "within_target": compaction < 10,
            }
        ),
        flush=True,
    )


def run(label: str, url: str, hits: int) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    subprocess.run(
        [sys.executable, __file__, "--child", label, "--hits", str(hits)], env=env, check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=1_000_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.hits)
        return
    print(json.dumps({"python": platform.python_version(), "machine": platform.machine()}))
    if not options.skip_sqlite:
        with tempfile.TemporaryDirectory() as temp:
            run("SQLite", f"sqlite:///{Path(temp) / 'bench.sqlite3'}", options.hits)
    if not options.skip_postgres:
        import psycopg

        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(server, autocommit=True) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
            print(json.dumps({"postgres_server": version}), flush=True)
            connection.execute("DROP DATABASE IF EXISTS bench_reach")
            connection.execute("CREATE DATABASE bench_reach")
        try:
            run("PostgreSQL", server.rsplit("/", 1)[0] + "/bench_reach", options.hits)
        finally:
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute("DROP DATABASE IF EXISTS bench_reach")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
