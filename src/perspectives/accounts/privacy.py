"""Accounts' part of the personal-data inventory, export and erasure.

A participant's account is found by the person's e-mail address (the address they log in with).
"""

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_noop

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
    email_addresses_of,
    export_fields,
    placeholder_email_column,
)

from .models import Membership, User

ACCOUNT = "RETENTION_PERSON_INACTIVE_DAYS"
OWN_AND_ADMIN = (ADMIN, PARTICIPANT)

USER_FIELDS = {
    "id": FieldUse(
        NONE, gettext_noop("keep accounts apart"), NOT_APPLICABLE, AS_LONG_AS_RECORD, BACK_OFFICE
    ),
    "email": FieldUse(
        IDENTIFYING,
        gettext_noop("log in; send log-in codes"),
        CONTRACT,
        ACCOUNT,
        (*BACK_OFFICE, PARTICIPANT),
    ),
    "full_name": FieldUse(
        IDENTIFYING,
        gettext_noop("address the user"),
        CONTRACT,
        ACCOUNT,
        (*BACK_OFFICE, PARTICIPANT),
    ),
    "password": FieldUse(
        PSEUDONYMOUS,
        gettext_noop("check the password (argon2 hash only)"),
        CONTRACT,
        ACCOUNT,
        (),
        exported=False,
    ),
    "last_login": FieldUse(
        PSEUDONYMOUS,
        gettext_noop("security: spot unused and misused accounts"),
        LEGITIMATE_INTEREST,
        ACCOUNT,
        OWN_AND_ADMIN,
    ),
    "date_joined": FieldUse(
        PSEUDONYMOUS,
        gettext_noop("security: when the account was made"),
        LEGITIMATE_INTEREST,
        ACCOUNT,
        OWN_AND_ADMIN,
    ),
    **{
        name: FieldUse(
            PSEUDONYMOUS,
            gettext_noop("decide what the user may see and do"),
            CONTRACT,
            ACCOUNT,
            OWN_AND_ADMIN,
        )
        for name in ("role", "is_staff", "is_superuser", "is_active")
    },
}

# Which objects of other contexts a user takes part in (accounts.memberships).
MEMBERSHIP_FIELDS = {
    "id": FieldUse(
        NONE, gettext_noop("keep memberships apart"), NOT_APPLICABLE, AS_LONG_AS_RECORD, (ADMIN,)
    ),
    **{
        name: FieldUse(
            PSEUDONYMOUS,
            gettext_noop("decide which objects the user may see (a coach their trajectories, ...)"),
            CONTRACT,
            ACCOUNT,
            OWN_AND_ADMIN,
        )
        for name in ("user", "kind", "object_id", "created_at")
    },
}

# allauth keeps the address again (EmailAddress) and the second factors (Authenticator).
ALLAUTH_MODELS = ("account.EmailAddress", "mfa.Authenticator")


def _accounts_of(person):
    email = (getattr(person, "email", "") or "").strip()
    return User.objects.filter(email__iexact=email) if email else User.objects.none()


def export_account(*, person) -> dict[str, Any]:
    """The account that logs in with the person's address, without its password hash, and
    the account's memberships."""
    users = list(_accounts_of(person))
    return {
        "accounts": [export_fields(user, USER_FIELDS) for user in users],
        "memberships": [
            export_fields(membership, MEMBERSHIP_FIELDS)
            for membership in Membership.objects.filter(user__in=users).order_by("kind", "id")
        ],
    }


def erase_account(*, people, now: dt.datetime) -> None:
    """Deactivate and scrub the people's accounts; their ids stay for the audit trail."""
    ids = list(
        User.objects.filter(email__in=email_addresses_of(people)).values_list("pk", flat=True)
    )
    for label in ALLAUTH_MODELS:
        app_label, _, model_name = label.partition(".")
        if apps.is_installed(f"allauth.{app_label}"):
            apps.get_model(app_label, model_name).objects.filter(user_id__in=ids).delete()
    # One unusable password for the whole batch: a hash starting with "!" never matches.
    User.objects.filter(pk__in=ids).update(
        email=placeholder_email_column(),
        full_name="",
        is_active=False,
        password=make_password(None),
    )
