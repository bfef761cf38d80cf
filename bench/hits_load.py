"""Benchmark: `POST /api/v1/hits` under 50 concurrent clients, against a trivial endpoint.

Starts gunicorn with the production settings on a fresh PostgreSQL database (`bench_hits`),
then drives 50 concurrent connections with wrk (Debian package `wrk`) on 127.0.0.1 for a fixed
time, first against a benchmark-only endpoint that does nothing but pass the middleware stack
(the ceiling), then against the hit endpoint, and prints requests/s, p50 and p99 of each and
their ratio. Every run is bounded in time and only talks to 127.0.0.1.

    .venv/bin/python bench/hits_load.py [--seconds 15] [--workers 4] [--connections 50]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent
PORT = 8765
LUA = """
wrk.method = "POST"
wrk.body = '{"url": "http://127.0.0.1/vacatures/redacteur", "referrer": ""}'
wrk.headers["Content-Type"] = "application/json"
-- Every request a different visitor (user agent), so each hit is a new row as on a real day.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
init = function(args)
  math.randomseed(seed * 7919)
end
request = function()
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench/" .. math.random(1, 1000000000)
  return wrk.format()
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS bench_hits")
        admin.execute("CREATE DATABASE bench_hits")
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/bench_hits",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLED": "false",
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "PYTHONPATH": str(ROOT / "server"),
    }
    python = Path(sys.executable)
    subprocess.run([python, "-m", "django", "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([python, "-m", "django", "createcachetable"], check=True, env=env)
    gunicorn = subprocess.Popen(
        [
            python.parent / "gunicorn",
            "perspectives.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        wait_until_up()
        results = {}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        for name, path in (
            ("trivial endpoint", "/bench/trivial"),
            ("POST /api/v1/hits", "/api/v1/hits"),
        ):
            results[name] = run_wrk(script.name, path, args)
        with psycopg.connect(f"{server}/bench_hits") as conn:
            stored = conn.execute("SELECT count(*) FROM reach_visitorhit").fetchone()[0]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS bench_hits")

    print(
        f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, {args.seconds} s each, 127.0.0.1"
    )
    for name, figures in results.items():
        print(
            f"{name:20s} {figures['rps']:8.0f} req/s   p50 {figures['p50']:7.1f} ms   p99 {figures['p99']:7.1f} ms   non-2xx {figures['errors']}"
        )
    ratio = results["POST /api/v1/hits"]["rps"] / results["trivial endpoint"]["rps"]
    print(f"ratio hits / trivial: {ratio:.2f} (target >= 0.5)")
    print(f"raw hit rows stored: {stored} (each request a different visitor)")


def wait_until_up() -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}/bench/trivial", data=b"", method="POST"
            )
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def run_wrk(script: str, path: str, args) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            "-s",
            script,
            f"http://127.0.0.1:{PORT}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def latency(percentile: str) -> float:
        value, unit = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


if __name__ == "__main__":
    main()
