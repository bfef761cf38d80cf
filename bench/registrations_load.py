"""Benchmark: 1,000 sign-ups through `POST /api/v1/activities/{code}/registrations` under load.

Starts gunicorn with the production settings (DEBUG=false, SECURE_SSL_REDIRECT=false,
RATELIMIT_ENABLED=false) on a fresh PostgreSQL database of its own (`bench_registrations`) and
warms every worker up with 50 requests per worker to each endpoint, the sign-ups for an
activity of their own (a worker's first requests load the URL configuration and the endpoint's
code and prepare its database connection). Then, in
each of `--rounds` rounds: 1,000 requests to a benchmark-only endpoint that does one INSERT in a
transaction (the ceiling for any write), and 1,000 sign-ups of distinct people for a new
activity with capacity 100, each from 50 concurrent clients (Python threads with keep-alive
connections) on 127.0.0.1. Alternating the two in one run spreads the shared machine's noise
over both. It checks in the database that each activity has exactly 100 people registered and
900 waitlisted and that no answer was an error, and prints throughput, p50 and p99 of each
round, the CPU time per request of client, gunicorn and PostgreSQL (from /proc), each round's
ratio and the median ratio (target >= 0.4).

Needs only the project's own dependencies (`pip install -e .`), PostgreSQL on 127.0.0.1
(`BENCH_PG`, default postgres://postgres@127.0.0.1:5432) and nothing else: no wrk.

    .venv/bin/python bench/registrations_load.py [--requests 1000] [--clients 50] [--workers 4]
        [--rounds 3]
"""

import argparse
import http.client
import json
import statistics
import threading
import time

import cpu_usage
import psycopg
from gunicorn_server import serve

PORT = 8766
DATABASE = "bench_registrations"
CODE = "bench-masterclass"
CAPACITY = 100


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    rounds = []
    with serve(database=DATABASE, port=PORT, workers=args.workers) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, body text NOT NULL,"
                " created_at timestamptz NOT NULL)"
            )
        # Every worker's first requests load the URL configuration, import the code of each
        # endpoint and prepare its database connection; that belongs to no round.
        warm_up = 50 * args.workers
        add_activity(url, f"{CODE}-warm-up")
        drive("/bench/trivial", lambda i: {}, requests=warm_up, clients=args.workers * 2)
        drive("/bench/insert", lambda i: {"n": i}, requests=warm_up, clients=args.workers * 2)
        drive(
            f"/api/v1/activities/{CODE}-warm-up/registrations",
            person,
            requests=warm_up,
            clients=args.workers * 2,
        )
        for number in range(1, args.rounds + 1):
            code = f"{CODE}-{number}"
            add_activity(url, code)
            before = cpu_usage.snapshot(DATABASE)
            ceiling = drive(
                "/bench/insert", lambda i: {"n": i}, requests=args.requests, clients=args.clients
            )
            between = cpu_usage.snapshot(DATABASE)
            signups = drive(
                f"/api/v1/activities/{code}/registrations",
                lambda i, number=number: person(number * 1_000_000 + i),
                requests=args.requests,
                clients=args.clients,
            )
            after = cpu_usage.snapshot(DATABASE)
            ceiling["cpu"] = cpu_usage.per_request(before, between, args.requests)
            signups["cpu"] = cpu_usage.per_request(between, after, args.requests)
            with psycopg.connect(url) as conn:
                counts = dict(
                    conn.execute(
                        "SELECT r.status, count(*) FROM activities_registration r"
                        " JOIN activities_activity a ON a.id = r.activity_id WHERE a.code = %s"
                        " GROUP BY r.status",
                        [code],
                    ).fetchall()
                )
            rounds.append({"ceiling": ceiling, "registration": signups, "counts": counts})
        with psycopg.connect(url) as conn:
            inserted = conn.execute("SELECT count(*) FROM bench_insert").fetchone()[0]

    print(
        f"gunicorn {args.workers} sync workers, {args.clients} concurrent clients,"
        f" {args.requests} requests per endpoint and round, 127.0.0.1"
    )
    ratios = []
    failures = []
    expected_waitlisted = max(args.requests - CAPACITY, 0)
    for number, result in enumerate(rounds, start=1):
        for name in ("ceiling", "registration"):
            figures = result[name]
            print(
                f"round {number} {name:12s} {figures['rps']:7.0f} req/s"
                f"   p50 {figures['p50']:7.1f} ms   p99 {figures['p99']:7.1f} ms"
                f"   statuses {figures['statuses']}"
            )
            print(f"        {figures['cpu']}")
        ratio = result["registration"]["rps"] / result["ceiling"]["rps"]
        ratios.append(ratio)
        counts = result["counts"]
        print(f"round {number} ratio registration / one INSERT: {ratio:.2f}; by status: {counts}")
        if counts.get("registered", 0) != min(CAPACITY, args.requests):
            failures.append(f"round {number}: registered {counts.get('registered', 0)}")
        if counts.get("waitlisted", 0) != expected_waitlisted:
            failures.append(f"round {number}: waitlisted {counts.get('waitlisted', 0)}")
        for name in ("ceiling", "registration"):
            if set(result[name]["statuses"]) != {201}:
                failures.append(f"round {number}: {name} answers {result[name]['statuses']}")
    if inserted != args.requests * args.rounds + 50 * args.workers:
        failures.append(f"rows inserted by the ceiling endpoint: {inserted}")
    print(f"median ratio: {statistics.median(ratios):.2f} (target >= 0.4)")
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("OK: exactly the capacity registered, the rest waitlisted, no error answers")


def add_activity(url: str, code: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO activities_activity (code, title, description, type, pillar,"
            " category, starts_on, location, is_closed, is_online, capacity,"
            " price_amount, created_at, updated_at) VALUES (%s, 'Masterclass', '',"
            " 'workshop', 'talent', 'professionals', current_date + 30, 'Hilversum',"
            " false, false, %s, 25, now(), now())",
            [code, CAPACITY],
        )


def person(i: int) -> dict:
    return {
        "email": f"bench{i}@example.org",
        "first_name": "Bench",
        "last_name": f"Person {i}",
        "participant_type": "employee",
    }


def drive(path: str, body_for, *, requests: int, clients: int) -> dict:
    """Send `requests` POSTs from `clients` threads, each on its own keep-alive connection."""
    next_index = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        barrier.wait()
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            body = json.dumps(body_for(i))
            started = time.perf_counter()
            try:
                connection.request(
                    "POST", path, body=body, headers={"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "statuses": dict(sorted(statuses.items())),
    }


if __name__ == "__main__":
    main()
