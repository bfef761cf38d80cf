from django_tasks import task

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


@task()
def send_registration_email_task(*, registration_id: int, kind: str) -> bool:
    """Send a confirmation, promotion or cancellation e-mail of one registration."""
    return mail.send_registration_email(registration_id=registration_id, kind=kind)
