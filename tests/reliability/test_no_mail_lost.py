"""No mail is lost: a worker killed mid-batch, a mail server that is down and comes back.

The first test runs `perspectives worker` as real processes on the test database (PostgreSQL
directly; SQLite through a file copy of the in-memory database, copied back afterwards) with
mail written to files, and kills the first worker with SIGKILL while it is sending. The others
run the worker in this process against an SMTP server on loopback that is first not there
(connection refused) and then started: only the integration's far side is a stand-in.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from perspectives.activities.tasks import send_registration_email_task
from perspectives.activities.tests.factories import RegistrationFactory
from perspectives.activities.tests.public_support import upcoming
from perspectives.core.models import SentMail
from perspectives.core.outbox import list_outbox_messages
from perspectives.core.tests.smtp_server import SMTPServer, free_port

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILS = 20
STALL_AFTER = 8
RUNNING_TIMEOUT = 1.0

pytestmark = pytest.mark.django_db(transaction=True)


def queue_confirmations(count: int) -> list[str]:
    """`count` registrations with a seat, each with its confirmation mail queued; their addresses."""
    activity = upcoming(capacity=count)
    registrations = [
        RegistrationFactory(activity=activity, status="registered") for _ in range(count)
    ]
    with override_settings(TASKS=DATABASE_QUEUE):
        for registration in registrations:
            send_registration_email_task.enqueue(
                registration_id=registration.pk, kind="confirmation"
            )
    return [registration.person.email for registration in registrations]


@contextmanager
def database_for_workers(folder: Path):
    """The DATABASE_URL under which worker processes see this test's database."""
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        yield f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        return
    # The in-memory test database goes to a file for the workers, and comes back after them.
    path = folder / "workers.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    yield f"sqlite:///{path}"
    copy = sqlite3.connect(path)
    copy.backup(connection.connection)
    copy.close()


def task_statuses(database_url: str) -> Counter:
    """The tasks' statuses as the workers' database holds them now."""
    if not database_url.startswith("sqlite:///"):
        return Counter(DBTaskResult.objects.values_list("status", flat=True))
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as copy:
        rows = copy.execute(f"SELECT status FROM {DBTaskResult._meta.db_table}").fetchall()  # noqa: S608 (the model's own table name)
    copy.close()
    return Counter(status for (status,) in rows)


def worker_environment(folder: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "perspectives.config.settings.base",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "PERSPECTIVES_VAR_DIR": str(folder / "var"),
        "EMAIL_BACKEND": "tests.reliability.stalling_mail.EmailBackend",
        "TASK_RUNNING_TIMEOUT_SECONDS": str(RUNNING_TIMEOUT),
        **extra,
    }


WORKER = [sys.executable, "-m", "perspectives.cli", "worker", "--no-startup-delay"]


def test_a_worker_killed_mid_batch_loses_no_mail_and_the_next_sends_none_twice(tmp_path, settings):
    addresses = queue_confirmations(MAILS)
    stalled = tmp_path / "stalled"
    with database_for_workers(tmp_path) as database_url:
        log = tmp_path / "first-worker.log"
        with log.open("w") as output:
            first = subprocess.Popen(  # noqa: S603 (our own command)
                [*WORKER, "--interval", "0.1"],
                env=worker_environment(
                    tmp_path,
                    database_url,
                    STALL_AFTER_MAILS=str(STALL_AFTER),
                    STALLED_FLAG=str(stalled),
                ),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            while not stalled.exists():
                assert first.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the first worker never reached its stall"
                time.sleep(0.05)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
        # As the issue found it: the mails before the kill sent, one task RUNNING with no
        # worker, the rest waiting.
        assert task_statuses(database_url) == {
            "SUCCESSFUL": STALL_AFTER,
            "RUNNING": 1,
            "READY": MAILS - STALL_AFTER - 1,
        }
        # Past the time-out the task the dead worker held is taken up by the next worker.
        time.sleep(RUNNING_TIMEOUT + 0.5)
        second = subprocess.run(  # noqa: S603 (our own command)
            [*WORKER, "--batch"],
            env=worker_environment(tmp_path, database_url),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert second.returncode == 0, second.stderr
    settings.EMAIL_FILE_PATH = tmp_path / "var" / "outbox"
    sent = Counter(message.recipients for message in list_outbox_messages())
    assert sent == Counter(addresses)  # every mail once: none lost, none twice
    tasks = DBTaskResult.objects.all()
    assert Counter(task.status for task in tasks) == {"SUCCESSFUL": MAILS}
    # The one the first worker died on was tried twice; the others once each.
    assert sorted(len(task.worker_ids) for task in tasks) == [1] * (MAILS - 1) + [2]
    assert SentMail.objects.count() == MAILS


def run_worker() -> None:
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture
def smtp(settings):
    """SMTP to a loopback port where no server listens yet (connection refused)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 5
    settings.TASK_RETRY_DELAY_SECONDS = 60
    settings.TASK_MAX_ATTEMPTS = 3
    servers = []
    yield lambda: servers.append(SMTPServer(settings.EMAIL_PORT)) or servers[-1]
    for server in servers:
        server.stop()


def test_a_mail_refused_by_a_server_that_is_down_goes_out_once_after_it_comes_back(smtp):
    [address] = queue_confirmations(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        run_worker()  # attempt 1: connection refused
        task = DBTaskResult.objects.get()
        assert (task.status, len(task.worker_ids)) == ("READY", 1)
        server = smtp()
        clock.shift(59)
        run_worker()  # still within the back-off: not tried
        assert server.accepted == []
        clock.shift(2)
        run_worker()  # attempt 2: sent
        run_worker()
    task.refresh_from_db()
    assert (task.status, len(task.worker_ids)) == ("SUCCESSFUL", 2)
    assert [message["To"] for message in server.accepted] == [address]
    assert SentMail.objects.get().key == str(task.pk)


def test_after_its_last_attempt_a_refused_mail_is_shown_to_staff_and_goes_out_when_retried(
    smtp, staff_client
):
    [address] = queue_confirmations(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for wait in (0, 61, 121):  # back-off of 60 s, then 120 s
            clock.shift(wait)
            run_worker()
        task = DBTaskResult.objects.get()
        assert (task.status, len(task.worker_ids)) == ("FAILED", 3)
        clock.shift(3600)
        run_worker()  # past its attempts: nothing more by itself
    task.refresh_from_db()
    assert (task.status, len(task.worker_ids)) == ("FAILED", 3)

    url = reverse("core:failed-tasks")
    page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mail about a registration" in page and "ConnectionRefusedError" in page
    assert address not in page
    dutch = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Mail over een inschrijving" in dutch

    server = smtp()
    staff_client.post(url, {"task": str(task.pk)})
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [message["To"] for message in server.accepted] == [address]
