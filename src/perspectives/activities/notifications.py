"""Messages to participants about their registrations.

The services call these through `core.transactions.queue_with_transaction`: the task is
queued with the change itself (or after its commit), so nothing is sent for a change that was
rolled back. Each receives only an id and queues a background task that loads what it needs
itself: by the time the task runs, the registration may have changed again (see mail.py).
"""

from .mail import RegistrationMail
from .tasks import send_registration_email_task, send_sign_up_confirmation_task


def _queue(*, registration_id: int, kind: RegistrationMail, language: str = "") -> None:
    send_registration_email_task.enqueue(
        registration_id=registration_id, kind=kind.value, language=language
    )


def notify_registered(*, registration_id: int) -> None:
    """A registration was made or taken up again: confirmed or on the waiting list."""
    _queue(registration_id=registration_id, kind=RegistrationMail.CONFIRMATION)


def notify_cancelled(*, registration_id: int) -> None:
    """A registration was cancelled."""
    _queue(registration_id=registration_id, kind=RegistrationMail.CANCELLATION)


def notify_promoted(*, registration_id: int) -> None:
    """A registration moved from the waiting list to a seat."""
    _queue(registration_id=registration_id, kind=RegistrationMail.PROMOTION)


def notify_already_registered(*, registration_id: int, language: str = "") -> None:
    """Someone signed up with an address that has a registration: its person is told."""
    _queue(
        registration_id=registration_id, kind=RegistrationMail.ALREADY_REGISTERED, language=language
    )


def notify_confirm_sign_up(*, activity_id: int, email: str, token: str, language: str) -> None:
    """A sign-up that waits for its confirmation link; queued at once (nothing is stored)."""
    send_sign_up_confirmation_task.enqueue(
        activity_id=activity_id, email=email, token=token, language=language
    )
