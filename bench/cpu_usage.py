"""CPU time per request, by process: the client, the gunicorn workers and PostgreSQL (Linux).

Reads utime + stime of every process from /proc before and after a batch, so a benchmark can
say where a request's cost goes on a machine where client, server and database share the cores.
"""

import os
import resource
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(database: str) -> dict[str, float]:
    """Seconds of CPU used so far by: this process (the client), gunicorn, and the PostgreSQL
    backends serving `database`; processes that ended in between are not counted."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    totals = {"client": usage.ru_utime + usage.ru_stime, "gunicorn": 0.0, "postgresql": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICKS
        if "gunicorn" in command:
            totals["gunicorn"] += seconds
        elif command.startswith("postgres:") and f" {database} " in command:
            totals["postgresql"] += seconds
    return totals


def per_request(before: dict[str, float], after: dict[str, float], requests: int) -> str:
    """'client 0.50 ms, gunicorn 2.10 ms, postgresql 0.30 ms per request'."""
    parts = [f"{name} {1000 * (after[name] - before[name]) / requests:.2f} ms" for name in before]
    return ", ".join(parts) + " CPU per request"
