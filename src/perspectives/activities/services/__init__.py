"""Writes of activities and registrations. Only these functions change the tables of this app.

One module per kind of change; callers import from the package.
"""

from .activities import create_activity, duplicate_activity, publish_activity, update_activity
from .attendance import mark_attendance, mark_rest_no_show
from .imports import import_activities, import_registrations
from .public_signup import PublicOutcome, confirm_sign_up, request_sign_up
from .seats import (
    CancellationClosed,
    NoFreeSeat,
    RegistrationClosed,
    RegistrationError,
    cancel_registration,
    fill_free_seats,
    set_registration_status,
)
from .signup import Outcome, SignUp, register_participant, sign_up, take_up_again

__all__ = [
    "CancellationClosed",
    "NoFreeSeat",
    "Outcome",
    "PublicOutcome",
    "RegistrationClosed",
    "RegistrationError",
    "SignUp",
    "cancel_registration",
    "confirm_sign_up",
    "create_activity",
    "duplicate_activity",
    "fill_free_seats",
    "import_activities",
    "import_registrations",
    "mark_attendance",
    "mark_rest_no_show",
    "publish_activity",
    "register_participant",
    "request_sign_up",
    "set_registration_status",
    "sign_up",
    "take_up_again",
    "update_activity",
]
