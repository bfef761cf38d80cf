"""Background work is queued with the change that causes it, or after its commit."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from perspectives.activities import services
from perspectives.activities.tests.factories import ActivityFactory
from perspectives.core.transactions import queue_with_transaction, queues_in_this_database

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sign_up(activity, email="nieuw@example.org"):
    return services.sign_up(
        activity=activity,
        email=email,
        first_name="Nieuw",
        last_name="Lid",
        participant_type="employee",
        source="form",
    )


@override_settings(TASKS=DATABASE_QUEUE)
def test_with_the_database_queue_the_mail_task_commits_with_the_sign_up():
    assert queues_in_this_database()
    activity = ActivityFactory(starts_on=dt.date(2999, 1, 1), capacity=5)
    registration = sign_up(activity).registration
    queued = DBTaskResult.objects.filter(task_path__endswith="send_registration_email_task")
    assert [task.args_kwargs["kwargs"]["registration_id"] for task in queued] == [registration.pk]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after a task
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_queued_confirmation_is_run_by_the_worker_and_mailed():
    activity = ActivityFactory(starts_on=dt.date(2999, 1, 1), capacity=5)
    registration = sign_up(activity, email="Wachtend@Example.org").registration
    task = DBTaskResult.objects.get()
    assert (task.task_result.args, task.task_result.kwargs) == (
        [],
        {"registration_id": registration.pk, "kind": "confirmation", "language": ""},
    )
    call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["wachtend@example.org"]]


@override_settings(TASKS=DATABASE_QUEUE)
def test_with_the_database_queue_a_rolled_back_sign_up_queues_nothing():
    activity = ActivityFactory(starts_on=dt.date(2999, 1, 1), capacity=5)
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_up(activity)
        raise RuntimeError("a later step fails")
    assert not DBTaskResult.objects.exists()


def test_with_another_queue_the_work_waits_for_the_commit(django_capture_on_commit_callbacks):
    assert not queues_in_this_database()  # the tests' immediate backend
    done = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_with_transaction(lambda: done.append(1))
        assert done == []
    assert len(callbacks) == 1
