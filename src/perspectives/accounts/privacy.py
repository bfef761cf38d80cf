"""Accounts' part of the personal-data inventory, export and erasure.

A participant's account is found by the person's e-mail address (the address they log in with).
"""

import datetime as dt
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
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
    addresses_of,
    email_addresses_of,
    export_fields,
    placeholder_email_column,
)

from .models import Membership, User
from .selectors import list_login_limit_keys

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
    """Deactivate and scrub the people's accounts; their ids stay for the audit trail.

    Their sessions go with them (logged in, or waiting for a log-in code to their address),
    and once the erasure commits so do allauth's rate-limit counts kept under their addresses.
    """
    ids = list(
        User.objects.filter(email__in=email_addresses_of(people)).values_list("pk", flat=True)
    )
    addresses = addresses_of(people)
    _delete_sessions(user_ids=ids, addresses=addresses)
    transaction.on_commit(
        lambda: _forget_login_limits(user_ids=ids, addresses=addresses), robust=True
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


CACHED_DB_SESSIONS = "django.contrib.sessions.backends.cached_db"
DATABASE_SESSIONS = ("django.contrib.sessions.backends.db", CACHED_DB_SESSIONS)


def _holds_address(data: dict, addresses: set[str]) -> bool:
    text = json.dumps(data, default=str).lower()
    return any(json.dumps(address) in text for address in addresses)


def _delete_sessions(*, user_ids: list[int], addresses: list[str]) -> None:
    """Sessions of the accounts, or holding one of the addresses (a log-in code waiting).

    Sessions are signed blobs, so every one is read; a session holds no index by user. The
    cache copy of a cached_db session goes after the commit.
    """
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS or not (user_ids or addresses):
        return
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    users = {str(pk) for pk in user_ids}
    wanted = set(addresses)
    keys = [
        session.session_key
        for session in Session.objects.iterator()
        if str((data := session.get_decoded()).get(SESSION_KEY)) in users
        or _holds_address(data, wanted)
    ]
    for start in range(0, len(keys), 500):
        Session.objects.filter(session_key__in=keys[start : start + 500]).delete()
    if keys and settings.SESSION_ENGINE == CACHED_DB_SESSIONS:
        from django.contrib.sessions.backends.cached_db import SessionStore

        transaction.on_commit(
            lambda: [SessionStore(session_key=key).delete() for key in keys], robust=True
        )


def _forget_login_limits(*, user_ids: list[int], addresses: list[str]) -> None:
    keys = list_login_limit_keys(user_ids=user_ids, addresses=addresses)
    if keys:
        cache.delete_many(keys)
