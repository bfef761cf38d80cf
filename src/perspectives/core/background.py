"""Background tasks that are not lost: taken up again when their worker died, retried when they fail.

django-tasks' database backend leaves both to the application (upstream issues #46 and #6): a
task whose worker was killed stays RUNNING for ever, and a failed one stays FAILED. The worker
of `perspectives worker` (core/management/commands/worker.py) calls the two services below
between tasks (docs/decisions/0019). The count of attempts is the library's own: every claim
of a task adds the claiming worker's id to `worker_ids`.

Every task may therefore run more than once and must be idempotent: the mail tasks through
`core.services.send_mail_once`, the others because they recount, purge or claim what they do.
Both services change a row only if it is still in the state they read (compare and set), so
that workers running side by side never take up one task twice.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .services import log_action


class WorkerLost(Exception):
    """The worker died while it ran the task, on each of its TASK_MAX_ATTEMPTS attempts."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def retry_delay(*, attempt: int) -> dt.timedelta:
    """The wait after failed attempt `attempt` (1, 2, ...): the base delay, doubled each time."""
    return dt.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** (attempt - 1))


def requeue_abandoned_tasks(*, now: dt.datetime | None = None) -> int:
    """Queue again each task RUNNING for longer than TASK_RUNNING_TIMEOUT_SECONDS; returns how many.

    Such a task's worker died (a live one would have finished it by then). One that has been
    tried TASK_MAX_ATTEMPTS times is marked FAILED instead, so that a task that kills its worker
    cannot do so for ever; staff then see it with the failed work.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS)
    requeued = 0
    for task in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        still_running = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
            still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"{WORKER_LOST}: {WorkerLost.__doc__}\n",
            )
            continue
        requeued += still_running.update(status=TaskResultStatus.READY, run_after=now)
    return requeued


def schedule_retry(*, task_result_id: str, now: dt.datetime | None = None) -> bool:
    """Queue a FAILED task again after its back-off, unless it had all its attempts.

    Returns whether it was queued. The error of the last attempt stays on the row.
    """
    now = now or timezone.now()
    task = DBTaskResult.objects.filter(pk=task_result_id, status=TaskResultStatus.FAILED).first()
    if task is None or len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
        return False
    return bool(
        DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.FAILED, finished_at=task.finished_at
        ).update(
            status=TaskResultStatus.READY,
            run_after=now + retry_delay(attempt=len(task.worker_ids)),
            finished_at=None,
        )
    )


@transaction.atomic
def retry_failed_task(*, task_result_id: str, actor: Any) -> bool:
    """Queue a task that failed after all its attempts once more, now (a staff member's choice,
    e.g. after the mail server came back). Returns False if it is no longer FAILED."""
    task = DBTaskResult.objects.filter(pk=task_result_id, status=TaskResultStatus.FAILED).first()
    if task is None:
        return False
    updated = DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.FAILED, finished_at=task.finished_at
    ).update(status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None)
    if updated:
        log_action(
            action="core.task.retried",
            actor=actor,
            target=task,
            data={"task": task.task_path.rsplit(".", 1)[-1], "attempts": len(task.worker_ids)},
        )
    return bool(updated)
