"""Messages to participants about their registrations.

The services call these through `transaction.on_commit`, so nothing is sent for a change that
was rolled back. Each receives only an id and loads what it needs itself: by the time it runs,
the registration may have changed again. They send nothing yet; the confirmation, cancellation
and promotion e-mails of issue 4 go here, queued as background tasks.
"""


def notify_registered(*, registration_id: int) -> None:
    """A registration was made or taken up again: confirmed or on the waiting list."""


def notify_cancelled(*, registration_id: int) -> None:
    """A registration was cancelled."""


def notify_promoted(*, registration_id: int) -> None:
    """A registration moved from the waiting list to a seat."""
