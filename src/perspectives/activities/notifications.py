"""Messages to participants about their registrations.

The services call these through `core.transactions.queue_with_transaction`: the task is
queued with the change itself (or after its commit), so nothing is sent for a change that was
rolled back. Each receives only an id and queues a background task that loads what it needs
itself: by the time the task runs, the registration may have changed again (see mail.py).
"""

from .mail import RegistrationMail
from .tasks import send_registration_email_task


def _queue(*, registration_id: int, kind: RegistrationMail) -> None:
    send_registration_email_task.enqueue(registration_id=registration_id, kind=kind.value)


def notify_registered(*, registration_id: int) -> None:
    """A registration was made or taken up again: confirmed or on the waiting list."""
    _queue(registration_id=registration_id, kind=RegistrationMail.CONFIRMATION)


def notify_cancelled(*, registration_id: int) -> None:
    """A registration was cancelled."""
    _queue(registration_id=registration_id, kind=RegistrationMail.CANCELLATION)


def notify_promoted(*, registration_id: int) -> None:
    """A registration moved from the waiting list to a seat."""
    _queue(registration_id=registration_id, kind=RegistrationMail.PROMOTION)
