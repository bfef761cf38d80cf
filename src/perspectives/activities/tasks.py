from django_tasks import TaskContext, task

from . import mail
from .tallies import services as tallies


@task()
def refresh_tallies_task() -> dict[str, int | bool]:
    """Fold queued registration changes into the report tallies (after a bulk import)."""
    refresh = tallies.refresh_tallies()
    return {
        "changes": refresh.changes,
        "persons": refresh.persons,
        "days": refresh.days,
        "recounted_all": refresh.recounted_all,
    }


# The mail tasks take their context for their own id: the idempotency key of their mail, the
# same over every attempt (perspectives.core.services.send_mail_once).
@task(takes_context=True)
def send_registration_email_task(
    context: TaskContext, *, registration_id: int, kind: str, language: str = ""
) -> bool:
    """Send a confirmation, promotion, cancellation or already-registered e-mail."""
    return mail.send_registration_email(
        key=str(context.task_result.id),
        registration_id=registration_id,
        kind=kind,
        language=language,
    )


@task(takes_context=True)
def send_sign_up_confirmation_task(
    context: TaskContext, *, activity_id: int, email: str, token: str, language: str = ""
) -> bool:
    """Send the link that confirms a sign-up of an activity that requires it."""
    return mail.send_sign_up_confirmation(
        key=str(context.task_result.id),
        activity_id=activity_id,
        email=email,
        token=token,
        language=language,
    )
