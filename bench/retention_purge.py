"""Benchmark: the retention purge on 100,000 expired rows of each kind (target: under 60 s).

Migrates a fresh PostgreSQL database `bench_retention`, then creates N expired rows of each kind
that `purge_expired` enforces (every entry of `core.registry.retention_purgers` plus the people
inactive for longer than RETENTION_PERSON_INACTIVE_DAYS, each with an affiliation and an old
registration, so that the erasure has work in every app), times one `purge_expired_data` run,
checks that everything expired is gone or erased, and times the second run (idempotence). Prints
one JSON line.

    .venv/bin/python bench/retention_purge.py [--rows 100000]

The database is created and dropped on the server of BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5_000
DATABASE = "bench_retention"


def seed(rows: int, today: dt.date) -> None:
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    from perspectives.activities.models import Activity, Registration
    from perspectives.people.models import Affiliation, Organisation, Person
    from perspectives.reach.newsletters.models import NewsletterList, Subscription

    long_ago = timezone.make_aware(dt.datetime(today.year - 5, 1, 15, 12))
    Session.objects.bulk_create(
        (
            Session(session_key=f"bench{i:035d}", session_data="e30", expire_date=long_ago)
            for i in range(rows)
        ),
        batch_size=BATCH,
    )
    newsletter = NewsletterList.objects.create(code="bench", name="Bench")
    Subscription.objects.bulk_create(
        (
            Subscription(
                newsletter_list=newsletter,
                email=f"pending-{i}@bench.invalid",
                status="pending",
                created_at=long_ago,
            )
            for i in range(rows)
        ),
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reach_visitorhit (day, section, visitor_hash, address_hash) "
            "SELECT %s::date - 2 - (i %% 30), 'academy', md5(i::text) || md5((-i)::text), '' "
            "FROM generate_series(1, %s) AS i",
            [today.isoformat(), rows],
        )
    organisation = Organisation.objects.create(name="Bench")
    activity = Activity.objects.create(
        code="bench-old",
        title="Old workshop",
        type="workshop",
        pillar="talent",
        category="professionals",
        starts_on=long_ago.date(),
    )
    Person.objects.bulk_create(
        (
            Person(first_name="Bench", last_name=f"P{i}", email=f"person-{i}@bench.invalid")
            for i in range(rows)
        ),
        batch_size=BATCH,
    )
    people = list(Person.objects.values_list("pk", flat=True))
    Affiliation.objects.bulk_create(
        (Affiliation(person_id=pk, organisation=organisation) for pk in people), batch_size=BATCH
    )
    Registration.objects.bulk_create(
        (
            Registration(activity=activity, person_id=pk, status="attended", registered_at=long_ago)
            for pk in people
        ),
        batch_size=BATCH,
    )
    # A queryset update leaves auto_now alone: the people look untouched for five years.
    Person.objects.update(created_at=long_ago, updated_at=long_ago)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def child(rows: int) -> None:
    """Runs inside a process whose DATABASE_URL points at the fresh database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perspectives.config.settings.base")
    import django

    django.setup()
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from perspectives.people.models import Affiliation, Person
    from perspectives.privacy.services import purge_expired_data
    from perspectives.reach.models import VisitorHit
    from perspectives.reach.newsletters.models import Subscription

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    seed(rows, today)
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    result = purge_expired_data(today=today)
    purge = time.perf_counter() - started
    started = time.perf_counter()
    again = purge_expired_data(today=today)
    second = time.perf_counter() - started
    left = {
        "sessions": Session.objects.count(),
        "pending_subscriptions": Subscription.objects.filter(status="pending").count(),
        "visitor_hits": VisitorHit.objects.count(),
        "people_not_erased": Person.objects.filter(erased_at__isnull=True).count(),
        "people_with_a_name": Person.objects.exclude(first_name="").count(),
        "affiliations": Affiliation.objects.count(),
    }
    assert not any(left.values()), left
    assert not any(again.values()), again
    print(
        json.dumps(
            {
                "rows_per_kind": rows,
                "purged": result,
                "seed_seconds": round(seeded, 1),
                "purge_seconds": round(purge, 2),
                "second_run_seconds": round(second, 3),
                "target_seconds": 60,
                "within_target": purge < 60,
                "load_average_1min": round(os.getloadavg()[0], 1),
                "cpus": os.cpu_count(),
            }
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.rows)
        return
    import psycopg

    print(json.dumps({"python": platform.python_version(), "machine": platform.machine()}))
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(server, autocommit=True) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
        print(json.dumps({"postgres_server": version}), flush=True)
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    try:
        env = {
            **os.environ,
            "DATABASE_URL": server.rsplit("/", 1)[0] + f"/{DATABASE}",
            "DEBUG": "true",
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, __file__, "--child", "--rows", str(options.rows)], env=env, check=True
        )
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
