"""Accounts' part of the personal-data inventory, export and erasure.

A participant's account is found by the person's e-mail address (the address they log in with).
"""

import datetime as dt
from typing import Any

from django.apps import apps

from perspectives.core.privacy import (
    ADMIN,
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    CONTRACT,
    IDENTIFYING,
    LEGITIMATE_INTEREST,
    NONE,
    NOT_APPLICABLE,
    PARTICIPANT,
    PSEUDONYMOUS,
    FieldUse,
    export_fields,
    new_placeholder_email,
)

from .models import User

ACCOUNT = "RETENTION_PERSON_INACTIVE_DAYS"
OWN_AND_ADMIN = (ADMIN, PARTICIPANT)

USER_FIELDS = {
    "id": FieldUse(NONE, "keep accounts apart", NOT_APPLICABLE, AS_LONG_AS_RECORD, BACK_OFFICE),
    "email": FieldUse(
        IDENTIFYING, "log in; send log-in codes", CONTRACT, ACCOUNT, (*BACK_OFFICE, PARTICIPANT)
    ),
    "full_name": FieldUse(
        IDENTIFYING, "address the user", CONTRACT, ACCOUNT, (*BACK_OFFICE, PARTICIPANT)
    ),
    "password": FieldUse(
        PSEUDONYMOUS,
        "check the password (argon2 hash only)",
        CONTRACT,
        ACCOUNT,
        (),
        exported=False,
    ),
    "last_login": FieldUse(
        PSEUDONYMOUS,
        "security: spot unused and misused accounts",
        LEGITIMATE_INTEREST,
        ACCOUNT,
        OWN_AND_ADMIN,
    ),
    "date_joined": FieldUse(
        PSEUDONYMOUS,
        "security: when the account was made",
        LEGITIMATE_INTEREST,
        ACCOUNT,
        OWN_AND_ADMIN,
    ),
    **{
        name: FieldUse(
            PSEUDONYMOUS, "decide what the user may see and do", CONTRACT, ACCOUNT, OWN_AND_ADMIN
        )
        for name in ("role", "is_staff", "is_superuser", "is_active")
    },
}

# allauth keeps the address again (EmailAddress) and the second factors (Authenticator).
ALLAUTH_MODELS = ("account.EmailAddress", "mfa.Authenticator")


def _accounts_of(person):
    email = (getattr(person, "email", "") or "").strip()
    return User.objects.filter(email__iexact=email) if email else User.objects.none()


def export_account(*, person) -> dict[str, Any]:
    """The account that logs in with the person's address, without its password hash."""
    return {"accounts": [export_fields(user, USER_FIELDS) for user in _accounts_of(person)]}


def erase_account(*, person, now: dt.datetime) -> None:
    """Deactivate and scrub the person's account; its id stays for the audit trail."""
    for user in _accounts_of(person):
        for label in ALLAUTH_MODELS:
            app_label, _, model_name = label.partition(".")
            if apps.is_installed(f"allauth.{app_label}"):
                apps.get_model(app_label, model_name).objects.filter(user=user).delete()
        user.email = new_placeholder_email()
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()


def register() -> None:
    from perspectives.core.registry import (
        personal_data,
        personal_data_erasers,
        personal_data_exporters,
    )

    personal_data.register("accounts.User", USER_FIELDS)
    personal_data_exporters.register("accounts", (50, export_account))
    personal_data_erasers.register("accounts", (50, erase_account))
