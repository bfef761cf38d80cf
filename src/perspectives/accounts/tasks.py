from django_tasks import TaskContext, task

from . import mail


# Takes its context: the task's id is the mail's idempotency key, the same over every attempt
# (perspectives.core.services.send_mail_once), so a retry after a failed send never mails twice.
# `subject_key` is for erasure only (perspectives.core.privacy.erase_task_arguments).
@task(takes_context=True)
def send_account_mail_task(
    context: TaskContext, *, kind: str, sealed: str, subject_key: str, expires_at: str = ""
) -> bool:
    """Send a log-in code, a reset or verification link or an account notice, rendered before."""
    return mail.send_account_mail(
        key=str(context.task_result.id), kind=kind, sealed=sealed, expires_at=expires_at
    )
