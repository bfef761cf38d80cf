"""Benchmark: `POST /api/v1/hits` under 50 concurrent clients, against a trivial endpoint.

Starts gunicorn with the production settings on a fresh PostgreSQL database (`bench_hits`),
then drives 50 concurrent connections with wrk (Debian package `wrk`) on 127.0.0.1 for a fixed
time, first against a benchmark-only endpoint that does nothing but pass the middleware stack
(the ceiling), then against the hit endpoint, and prints requests/s, p50 and p99 of each and
their ratio. Every run is bounded in time and only talks to 127.0.0.1.

    .venv/bin/python bench/hits_load.py [--seconds 15] [--workers 4] [--connections 50]
"""

import argparse
import re
import subprocess
import tempfile

import psycopg
from gunicorn_server import serve

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

    with serve(database="bench_hits", port=PORT, workers=args.workers) as url:
        results = {}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        for name, path in (
            ("trivial endpoint", "/bench/trivial"),
            ("POST /api/v1/hits", "/api/v1/hits"),
        ):
            results[name] = run_wrk(script.name, path, args)
        with psycopg.connect(url) as conn:
            stored = conn.execute("SELECT count(*) FROM reach_visitorhit").fetchone()[0]

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
