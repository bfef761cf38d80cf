"""A fresh embedded installation in a temporary folder, driven as a person would: subprocesses.

Each command runs `perspectives` from this virtualenv with a clean environment (only PATH and
HOME, as `env -i` gives), in the installation's folder, so that ./var is its var/ folder.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PERSPECTIVES = Path(sys.executable).parent / "perspectives"
ACTIVITIES_HEADER = "code,title,type,pillar,category,starts_on,capacity,price\n"


def clean_environment(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Installation:
    folder: Path
    extra_environment: dict[str, str]

    @property
    def var(self) -> Path:
        return self.folder / "var"

    def environment(self, **extra: str) -> dict[str, str]:
        return clean_environment(self.folder, **self.extra_environment, **extra)

    def run(self, *arguments: str, timeout: float = 300, **extra: str):
        return subprocess.run(  # noqa: S603 (our own command)
            [str(PERSPECTIVES), *arguments],
            cwd=self.folder,
            env=self.environment(**extra),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def add_activity(self, *, code: str, capacity: int, starts_on: str = "2099-06-01") -> None:
        path = self.folder / f"{code}.csv"
        path.write_text(
            ACTIVITIES_HEADER
            + f"{code},Masterclass {code},workshop,talent,professionals,{starts_on},{capacity},25\n"
        )
        if not (self.var / "perspectives.sqlite3").exists():
            migrated = self.run("migrate", "-v", "0")
            assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        result = self.run("import", "activities", str(path))
        assert result.returncode == 0, result.stdout + result.stderr

    @contextmanager
    def serving(self, *arguments: str, **extra: str) -> Iterator["Server"]:
        port = free_port()
        log = (self.folder / f"serve-{port}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [str(PERSPECTIVES), "serve", f"127.0.0.1:{port}", *arguments],
            cwd=self.folder,
            env=self.environment(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(process=process, port=port, log=Path(log.name))
        try:
            server.wait_until_up()
            yield server
        finally:
            server.stop()
            log.close()


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body=None, headers=None):
        """(status, headers, body bytes) of one request on a new connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            payload = json.dumps(body) if body is not None else None
            all_headers = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(
                method, path, body=payload, headers={**all_headers, **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited {self.process.returncode}:\n{self.output()}")
            try:
                self.request("GET", "/static/perspectives/app.css")
                return
            except OSError:
                time.sleep(0.25)
        raise AssertionError(f"serve did not come up:\n{self.output()}")

    def children(self) -> list[int]:
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":\t", 1)
                    for line in status.read_text().splitlines()
                    if ":\t" in line
                )
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                found.append(int(status.parent.name))
        return found

    def stop(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"serve did not stop on SIGTERM:\n{self.output()}") from None
        return self.process.returncode

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def person(i: int) -> dict:
    return {
        "email": f"deelnemer{i}@example.org",
        "first_name": "Deel",
        "last_name": f"Nemer {i}",
        "participant_type": "employee",
    }
