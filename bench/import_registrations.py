"""Benchmark: `perspectives import registrations` of a 100,000-row CSV, on SQLite and PostgreSQL.

Generates ~1,000 activities and 100,000 registrations of ~30,000 people, imports the activities,
then times the registrations import through the real command line in a subprocess (Django start
included), first into empty tables and then again (the re-import that changes nothing). Peak
memory is the child's maximum resident set size.

    .venv/bin/python bench/import_registrations.py [--rows 100000] [--skip-sqlite] [--skip-postgres]

PostgreSQL: a fresh database `bench_import` is created and dropped on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSPECTIVES = str(ROOT / ".venv" / "bin" / "perspectives")
TYPES = ["training", "workshop", "knowledge_event", "hackathon", "webinar"]
CATEGORIES = ["starters", "professionals", "knowledge_events", "business_coaching", ""]
PARTICIPANT_TYPES = ["student", "starter", "employee", "freelancer", "teacher", "job_seeker"]
STATUSES = ["registered", "attended", "attended", "attended", "no_show", "cancelled"]

MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
completed = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "rc": completed.returncode,
                  "stdout": completed.stdout[-2000:], "stderr": completed.stderr[-2000:]}))
"""


def generate(directory: Path, *, rows: int, activities: int, people: int) -> tuple[Path, Path]:
    rng = random.Random(2020)
    activities_path = directory / "activities.csv"
    registrations_path = directory / "registrations.csv"
    with activities_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "code",
                "title",
                "type",
                "pillar",
                "category",
                "starts_on",
                "ends_on",
                "is_closed",
                "is_online",
                "capacity",
                "price",
                "freelancer_price",
                "organiser",
            ]
        )
        for number in range(activities):
            starts_on = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
            writer.writerow(
                [
                    f"act-{number:05d}",
                    f"Activiteit {number}",
                    rng.choice(TYPES),
                    rng.choice(["talent", "innovation", "both"]),
                    rng.choice(CATEGORIES),
                    starts_on.strftime("%d-%m-%Y"),
                    "",
                    rng.choice(["nee", "ja", "nee", "nee"]),
                    rng.choice(["no", "yes"]),
                    200,
                    "45,00",
                    "25,00",
                    f"Mediabedrijf {rng.randrange(300)}",
                ]
            )
    per_activity = rows // activities
    with registrations_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "activity_code",
                "email",
                "first_name",
                "last_name",
                "participant_type",
                "organisation",
                "status",
                "registered_at",
            ]
        )
        written = 0
        for number in range(activities):
            count = per_activity if number < activities - 1 else rows - written
            for person in rng.sample(range(people), count):
                moment = dt.datetime(2018, 1, 1) + dt.timedelta(minutes=rng.randrange(1_500_000))
                writer.writerow(
                    [
                        f"act-{number:05d}",
                        f"Persoon{person}@Example.org",
                        f"Voornaam{person}",
                        f"Achternaam{person}",
                        PARTICIPANT_TYPES[person % len(PARTICIPANT_TYPES)],
                        f"Mediabedrijf {person % 500}",
                        rng.choice(STATUSES),
                        moment.strftime("%d-%m-%Y %H:%M"),
                    ]
                )
            written += count
    return activities_path, registrations_path


def perspectives(env: dict, *args: str) -> dict:
    """Run `perspectives ARGS` in a measuring subprocess; its own figures, not ours."""
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, PERSPECTIVES, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"perspectives {' '.join(args)} failed:\n{result['stderr']}")
    return result


def run_database(label: str, database_url: str, files: tuple[Path, Path], rows: int) -> dict:
    activities_path, registrations_path = files
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    perspectives(env, "migrate", "-v0")
    perspectives(env, "import", "activities", str(activities_path))
    first = perspectives(env, "import", "registrations", str(registrations_path))
    again = perspectives(env, "import", "registrations", str(registrations_path))
    figures = {
        "database": label,
        "rows": rows,
        "first_seconds": round(first["seconds"], 2),
        "first_rows_per_second": round(rows / first["seconds"]),
        "first_peak_mib": round(first["peak_mib"]),
        "again_seconds": round(again["seconds"], 2),
        "again_rows_per_second": round(rows / again["seconds"]),
        "again_peak_mib": round(again["peak_mib"]),
        "first_report": first["stdout"].strip().splitlines()[-6:],
    }
    print(json.dumps(figures, indent=2), flush=True)
    return figures


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "nproc": nproc,
        "memory": memory.strip(),
        "python": platform.python_version(),
        "postgres_client": postgres,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    print(json.dumps(machine(), indent=2), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        directory = Path(temp)
        files = generate(
            directory, rows=options.rows, activities=options.activities, people=options.people
        )
        if not options.skip_sqlite:
            run_database("SQLite", f"sqlite:///{directory / 'bench.sqlite3'}", files, options.rows)
        if not options.skip_postgres:
            import psycopg

            server = os.environ.get(
                "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
            with psycopg.connect(server, autocommit=True) as connection:
                version = connection.execute("SHOW server_version").fetchone()[0]
                print(json.dumps({"postgres_server": version}), flush=True)
                connection.execute("DROP DATABASE IF EXISTS bench_import")
                connection.execute("CREATE DATABASE bench_import")
            try:
                url = server.rsplit("/", 1)[0] + "/bench_import"
                run_database("PostgreSQL", url, files, options.rows)
            finally:
                with psycopg.connect(server, autocommit=True) as connection:
                    connection.execute("DROP DATABASE IF EXISTS bench_import")


if __name__ == "__main__":
    main()
