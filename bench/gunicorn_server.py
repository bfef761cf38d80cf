"""The server under test of the load benchmarks: the app under gunicorn on a fresh database.

Production settings (`DEBUG=false`), with `SECURE_SSL_REDIRECT=false` and
`RATELIMIT_ENABLED=false` for loopback load, and the benchmark-only URL configuration in
`bench/server/` (a trivial endpoint and a one-INSERT endpoint beside the app's own URLs).
"""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent


@contextmanager
def serve(*, database: str, port: int, workers: int) -> Iterator[str]:
    """Create and migrate `database`, serve the app on 127.0.0.1:`port`; yield the database URL.

    Stops gunicorn and drops the database afterwards, also when the benchmark fails.
    """
    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    url = f"{server}/{database}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLED": "false",
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "PYTHONPATH": str(ROOT / "server"),
    }
    python = Path(sys.executable)
    gunicorn = None
    try:
        subprocess.run([python, "-m", "django", "migrate", "-v", "0"], check=True, env=env)
        subprocess.run([python, "-m", "django", "createcachetable"], check=True, env=env)
        gunicorn = subprocess.Popen(
            [
                python.parent / "gunicorn",
                "perspectives.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        _wait_until_up(port)
        yield url
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')


def _wait_until_up(port: int) -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/bench/trivial", data=b"", method="POST"
            )
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")
