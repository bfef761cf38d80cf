"""Benchmark: sign-ups through `perspectives serve` (the embedded mode: gunicorn and SQLite).

Starts `perspectives serve` as a subprocess in a fresh temporary installation (its own var/,
SQLite, the background worker writing the confirmation mails beside it) with only PATH and HOME
in its environment, plus RATELIMIT_ENABLED=false (every client here has the same address, and
the sign-up limit per address would answer most requests with 429) and the benchmark-only URL
configuration of bench/server/ for the reference endpoint `/bench/trivial` (the full middleware
stack and nothing else). For each number of concurrent clients (default 30 and 100) and each of
`--rounds` rounds: `--requests` POSTs to the reference endpoint, then as many sign-ups of
distinct people for a new activity with capacity 100, from that many Python threads at once on
127.0.0.1. It checks every answer (202 and 201), that each activity has exactly 100 people
registered and the rest waitlisted, and that the server's log holds no 'database is locked';
it prints requests/s, p50 and p99 of each round and the ratio of sign-ups to the reference.

    .venv/bin/python bench/embedded_load.py [--clients 30 100] [--requests 1000] [--rounds 3]
        [--workers 3]
"""

import argparse
import http.client
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PERSPECTIVES = Path(sys.executable).parent / "perspectives"
CAPACITY = 100


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-embedded-") as folder:
        folder = Path(folder)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "RATELIMIT_ENABLED": "false",
            "DJANGO_SETTINGS_MODULE": "settings_bench",
            "PYTHONPATH": str(ROOT / "server"),
        }
        codes = [f"bench-{c}-{n}" for c in args.clients for n in range(args.rounds)]
        add_activities(folder, environment, ["bench-warm-up", *codes])
        port = free_port()
        log = folder / "serve.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [PERSPECTIVES, "serve", f"127.0.0.1:{port}", "--workers", str(args.workers)],
                cwd=folder,
                env=environment,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_until_up(port, server)
                results = run(args, port)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
        counts = count_statuses(folder / "var" / "perspectives.sqlite3")
        server_log = log.read_text()
    report(args, results, counts, server_log)


def run(args, port: int) -> list[dict]:
    # Each worker's first requests import the code of each endpoint: that belongs to no round.
    warm_up = 50 * args.workers
    drive(port, "/bench/trivial", lambda i: {}, requests=warm_up, clients=args.workers * 2)
    drive(
        port,
        "/api/v1/activities/bench-warm-up/registrations",
        lambda i: person(10_000_000 + i),
        requests=warm_up,
        clients=args.workers * 2,
    )
    results = []
    for clients in args.clients:
        for number in range(args.rounds):
            code = f"bench-{clients}-{number}"
            reference = drive(
                port, "/bench/trivial", lambda i: {}, requests=args.requests, clients=clients
            )
            offset = (clients * 100 + number) * 100_000
            signups = drive(
                port,
                f"/api/v1/activities/{code}/registrations",
                lambda i, offset=offset: person(offset + i),
                requests=args.requests,
                clients=clients,
            )
            results.append(
                {"clients": clients, "code": code, "reference": reference, "signups": signups}
            )
    return results


def report(args, results: list[dict], counts: dict, server_log: str) -> None:
    print(
        f"perspectives serve: gunicorn {args.workers} sync workers and the background worker,"
        f" SQLite; {args.requests} requests per endpoint and round, 127.0.0.1"
    )
    failures = []
    for clients in args.clients:
        ratios = []
        for result in (r for r in results if r["clients"] == clients):
            for name, expected in (("reference", 202), ("signups", 201)):
                figures = result[name]
                print(
                    f"{clients:4d} clients {name:9s} {figures['rps']:7.0f} req/s"
                    f"   p50 {figures['p50']:7.1f} ms   p99 {figures['p99']:7.1f} ms"
                    f"   statuses {figures['statuses']}"
                )
                if set(figures["statuses"]) != {expected}:
                    failures.append(f"{result['code']} {name}: {figures['statuses']}")
            ratios.append(result["signups"]["rps"] / result["reference"]["rps"])
            stored = counts.get(result["code"], {})
            expected_counts = {
                "registered": min(CAPACITY, args.requests),
                "waitlisted": max(args.requests - CAPACITY, 0),
            }
            if {k: v for k, v in stored.items() if v} != {
                k: v for k, v in expected_counts.items() if v
            }:
                failures.append(f"{result['code']}: stored {stored}")
        print(
            f"{clients:4d} clients: ratio sign-ups / reference per round"
            f" {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}"
        )
    if "database is locked" in server_log:
        failures.append("the server's log says 'database is locked'")
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("OK: every answer 201 (202 for the reference), exactly the capacity registered")


def add_activities(folder: Path, environment: dict, codes: list[str]) -> None:
    path = folder / "activities.csv"
    path.write_text(
        "code,title,type,pillar,category,starts_on,capacity,price\n"
        + "".join(
            f"{code},Masterclass,workshop,talent,professionals,2099-06-01,{CAPACITY},25\n"
            for code in codes
        )
    )
    for arguments in (["migrate", "-v", "0"], ["import", "activities", str(path)]):
        subprocess.run([PERSPECTIVES, *arguments], cwd=folder, env=environment, check=True)


def count_statuses(database: Path) -> dict:
    counts: dict = {}
    with sqlite3.connect(database) as connection:
        for code, status, count in connection.execute(
            "SELECT a.code, r.status, count(*) FROM activities_registration r"
            " JOIN activities_activity a ON a.id = r.activity_id GROUP BY a.code, r.status"
        ):
            counts.setdefault(code, {})[status] = count
    return counts


def person(i: int) -> dict:
    return {
        "email": f"bench{i}@example.org",
        "first_name": "Bench",
        "last_name": f"Person {i}",
        "participant_type": "employee",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"perspectives serve exited {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("perspectives serve did not come up")


def drive(port: int, path: str, body_for, *, requests: int, clients: int) -> dict:
    """Send `requests` POSTs from `clients` threads started together (gunicorn's sync workers
    close each connection after its answer; http.client opens the next one)."""
    next_index = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
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
