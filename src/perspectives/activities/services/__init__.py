"""Writes of activities and registrations. Only these functions change the tables of this app.

One module per kind of change; callers import from the package.
"""

from .activities import create_activity, update_activity
from .attendance import mark_attendance, mark_rest_no_show
from .imports import import_activities, import_registrations
from .seats import (
    RegistrationClosed,
    RegistrationError,
    cancel_registration,
    fill_free_seats,
    price_for,
    register_participant,
    set_registration_status,
)
from .signup import register_for_activity

__all__ = [
    "RegistrationClosed",
    "RegistrationError",
    "cancel_registration",
    "create_activity",
    "fill_free_seats",
    "import_activities",
    "import_registrations",
    "mark_attendance",
    "mark_rest_no_show",
    "price_for",
    "register_for_activity",
    "register_participant",
    "set_registration_status",
    "update_activity",
]
