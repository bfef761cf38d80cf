"""`perspectives serve`: gunicorn with DEBUG off, its own key, static files and a mail worker.

Runs a fresh embedded installation in a temporary folder as subprocesses with a clean
environment; the database is always the installation's SQLite file.
"""

import os
import stat
import time
from pathlib import Path

import pytest

from .embedded import Installation, person

CODE = "masterclass-embedded"
DEBUG_PAGE_TEXT = ["DEBUG = True", "Traceback", "URLconf", "Django tried these URL patterns"]


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    installation = Installation(folder=tmp_path_factory.mktemp("embedded"), extra_environment={})
    installation.add_activity(code=CODE, capacity=5)
    return installation


@pytest.fixture(scope="module")
def server(installation):
    with installation.serving() as server:
        yield server


def outbox_text(installation) -> str:
    folder = installation.var / "outbox"
    if not folder.is_dir():
        return ""
    return "".join(p.read_text(errors="replace") for p in sorted(folder.glob("*.log")))


def test_a_sign_up_is_answered_and_its_mail_is_written_to_the_outbox_by_the_worker(
    installation, server
):
    status, _, body = server.request(
        "POST", f"/api/v1/activities/{CODE}/registrations", body=person(1)
    )
    assert status == 201, body
    deadline = time.monotonic() + 20
    while "deelnemer1@example.org" not in outbox_text(installation):
        assert time.monotonic() < deadline, "no mail in var/outbox/ within 20 s\n" + server.output()
        time.sleep(0.2)
    # Links in the mail point at the address the server runs on (SITE_URL unset).
    assert f"{server.url}/afmelden/" in outbox_text(installation)


def test_static_files_are_served_by_the_application(server):
    status, headers, body = server.request("GET", "/static/perspectives/app.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert len(body) > 100
    assert server.request("GET", "/static/perspectives/no-such-file.css")[0] == 404


def test_debug_is_off_a_wrong_address_gets_the_sites_own_404_page(server):
    status, headers, body = server.request("GET", "/geen-pagina/", headers={"Host": "localhost"})
    text = body.decode()
    assert status == 404
    assert "Pagina niet gevonden" in text
    for leak in DEBUG_PAGE_TEXT:
        assert leak not in text
    assert headers["Server"].startswith("gunicorn")


def test_an_unknown_host_is_refused_as_in_production(server):
    assert server.request("GET", "/", headers={"Host": "attacker.example"})[0] == 400


def is_running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next((line for line in status.splitlines() if line.startswith("State:")), "")
    return "zombie" not in state and "(dead)" not in state


def test_the_secret_key_is_made_once_for_its_owner_only_and_stopping_ends_every_process(
    tmp_path,
):
    installation = Installation(folder=tmp_path, extra_environment={})
    with installation.serving() as server:
        deadline = time.monotonic() + 20
        while len(server.children()) < 2:  # at least one web worker and the task worker
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.2)
        children = server.children()
        # The worker finishes its poll and leaves; it is killed only after 30 s.
        started = time.monotonic()
        assert server.stop() == 0
        assert time.monotonic() - started < 25, server.output()
    # A child that ended as the server left may stay a zombie until the machine's init reaps
    # it (some containers' first process never does): ended, though /proc still lists it.
    deadline = time.monotonic() + 5
    while (running := [pid for pid in children if is_running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running == [], server.output()
    key_file = installation.var / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(installation.var.stat().st_mode) == 0o700
    first = key_file.read_text()
    assert len(first.strip()) >= 50
    with installation.serving() as again:
        assert again.request("GET", "/")[0] == 200
    assert key_file.read_text() == first


def test_a_background_worker_that_dies_is_started_again(tmp_path):
    installation = Installation(folder=tmp_path, extra_environment={})
    installation.add_activity(code=CODE, capacity=5)
    with installation.serving("--workers", "1") as server:
        worker = wait_for_worker(server)
        os.kill(worker, 9)
        deadline = time.monotonic() + 20
        while wait_for_worker(server) == worker:
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.2)
        status, _, _ = server.request(
            "POST", f"/api/v1/activities/{CODE}/registrations", body=person(2)
        )
        assert status == 201
        deadline = time.monotonic() + 20
        while "deelnemer2@example.org" not in outbox_text(installation):
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.2)


def wait_for_worker(server) -> int:
    deadline = time.monotonic() + 20
    while True:
        for pid in server.children():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"worker" in command:
                return pid
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.2)
