"""Background tasks are not lost: a dead worker's task is taken up again, a failure is retried."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from perspectives.core.background import (
    WORKER_LOST,
    requeue_abandoned_tasks,
    retry_delay,
    retry_failed_task,
    schedule_retry,
)
from perspectives.core.models import AuditEntry, SentMail
from perspectives.core.services import send_mail_once

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TIMEOUT = 60


@task()
def fail_task() -> None:
    raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def _queue(settings):
    settings.TASK_RUNNING_TIMEOUT_SECONDS = TIMEOUT
    settings.TASK_RETRY_DELAY_SECONDS = 10
    settings.TASK_MAX_ATTEMPTS = 3
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def claimed(*, attempts: int) -> DBTaskResult:
    """A task as a worker leaves it when it is killed: claimed `attempts` times, RUNNING."""
    row = DBTaskResult.objects.get(pk=fail_task.enqueue().id)
    for attempt in range(attempts):
        row.claim(f"worker-{attempt}")
    return row


def test_a_task_running_past_the_time_out_is_queued_again_and_one_at_the_time_out_is_not():
    with time_machine.travel(T0, tick=False):
        task_result = claimed(attempts=1)
    with time_machine.travel(T0 + dt.timedelta(seconds=TIMEOUT), tick=False):
        assert requeue_abandoned_tasks() == 0
        task_result.refresh_from_db()
        assert task_result.status == "RUNNING"
    with time_machine.travel(T0 + dt.timedelta(seconds=TIMEOUT + 1), tick=False):
        assert requeue_abandoned_tasks() == 1
        task_result.refresh_from_db()
        assert task_result.status == "READY"
        assert DBTaskResult.objects.ready().get() == task_result
        assert task_result.worker_ids == ["worker-0"]  # the attempt still counts


def test_a_task_whose_worker_died_on_its_last_attempt_fails_and_one_before_it_is_queued():
    with time_machine.travel(T0, tick=False):
        last = claimed(attempts=3)
        one_before = claimed(attempts=2)
    with time_machine.travel(T0 + dt.timedelta(seconds=TIMEOUT + 1), tick=False):
        assert requeue_abandoned_tasks() == 1
    last.refresh_from_db()
    one_before.refresh_from_db()
    assert (last.status, last.exception_class_path) == ("FAILED", WORKER_LOST)
    assert one_before.status == "READY"


def test_the_wait_before_a_retry_doubles_with_each_attempt():
    assert [retry_delay(attempt=n).total_seconds() for n in (1, 2, 3)] == [10, 20, 40]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after a task
def test_a_failed_task_is_retried_after_its_back_off_until_the_attempts_run_out():
    with time_machine.travel(T0, tick=False) as clock:
        task_id = fail_task.enqueue().id
        seen = []
        for wait in (0, 9, 1, 19, 1, 40):
            clock.shift(wait)
            call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
            row = DBTaskResult.objects.get(pk=task_id)
            seen.append((row.status, len(row.worker_ids)))
    # Attempt 1 at 0 s, not again before its 10 s, attempt 2 at 10 s, attempt 3 at 30 s (the
    # limit): then it stays FAILED, and no later run tries it again.
    assert seen == [
        ("READY", 1),
        ("READY", 1),
        ("READY", 2),
        ("READY", 2),
        ("FAILED", 3),
        ("FAILED", 3),
    ]
    assert row.exception_class_path == "builtins.ConnectionRefusedError"


def test_a_success_or_a_task_that_had_its_attempts_is_not_retried():
    task_result = claimed(attempts=3)
    task_result.set_failed(ConnectionRefusedError())
    assert schedule_retry(task_result_id=task_result.pk) is False
    done = claimed(attempts=1)
    done.set_successful(None)
    assert schedule_retry(task_result_id=done.pk) is False


def test_staff_see_the_failed_task_and_can_queue_it_once_more(staff_client, staff_user):
    task_result = claimed(attempts=3)
    task_result.set_failed(ConnectionRefusedError("refused for someone@example.org"))
    url = reverse("core:failed-tasks")
    page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "fail_task" in page and "ConnectionRefusedError" in page
    assert "someone@example.org" not in page  # the error's class, never its message
    response = staff_client.post(url, {"task": str(task_result.pk)})
    assert response.status_code == 302
    task_result.refresh_from_db()
    assert task_result.status == "READY"
    entry = AuditEntry.objects.get(action="core.task.retried")
    assert entry.actor == staff_user and entry.data == {"task": "fail_task", "attempts": 3}
    # Queued already: a second click changes nothing.
    assert retry_failed_task(task_result_id=str(task_result.pk), actor=staff_user) is False
    assert (
        "No failed background work."
        in staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_failed_work_page_reads_in_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for _ in range(5):
        claimed(attempts=3).set_failed(ConnectionRefusedError())
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("core:failed-tasks"))
    assert response.content.decode().count('name="task"') == 5


def test_a_mail_under_a_key_that_was_sent_is_not_sent_again():
    message = mail.EmailMessage(subject="Hallo", body="Tekst", to=["a@example.org"])
    assert send_mail_once(key="k1", message=message, action="core.test.mailed") is True
    assert send_mail_once(key="k1", message=message, action="core.test.mailed") is False
    assert len(mail.outbox) == 1
    assert SentMail.objects.get().key == "k1"
    assert AuditEntry.objects.filter(action="core.test.mailed").count() == 1


def test_a_refused_send_records_no_key_so_that_its_retry_sends(settings):
    from perspectives.core.tests.smtp_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    message = mail.EmailMessage(subject="Hallo", body="Tekst", to=["a@example.org"])
    with pytest.raises(ConnectionRefusedError):
        send_mail_once(key="k1", message=message, action="core.test.mailed")
    assert not SentMail.objects.exists()
    assert not AuditEntry.objects.filter(action="core.test.mailed").exists()


def test_the_key_is_unique_in_the_database():
    SentMail.objects.create(key="k1", sent_at=T0)
    with pytest.raises(IntegrityError):
        SentMail.objects.create(key="k1", sent_at=T0)
