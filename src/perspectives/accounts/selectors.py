"""Reads of accounts."""

import datetime as dt

from allauth.mfa.models import Authenticator
from django.utils import timezone

from perspectives.core.registry import known_addresses, participant_sections

from .models import Role, User


def is_foundation_staff(user) -> bool:
    """Whether the user may use the staff back office."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and isinstance(user, User)
        and (user.is_foundation_staff)
    )


def is_privileged(user) -> bool:
    """Whether the user has a role that needs MFA and short sessions (all but participants)."""
    return isinstance(user, User) and user.role != Role.PARTICIPANT


def has_totp(user) -> bool:
    """Whether the user has enrolled a TOTP authenticator."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def enrolled_within(user, *, seconds: int) -> bool:
    """Whether the user's TOTP authenticator was set up in the last `seconds`."""
    since = timezone.now() - dt.timedelta(seconds=seconds)
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP, created_at__gte=since
    ).exists()


def is_known_address(email: str) -> bool:
    """Whether any app knows this address as a person's (core.registry.known_addresses)."""
    return any(known(email) for _key, known in known_addresses.items())


def list_participant_sections(*, user) -> list[dict]:
    """The sections of a participant's own page, each read for their own address only."""
    ordered = sorted(participant_sections.items(), key=lambda item: item[1][0])
    return [build(user=user, email=user.email) for _key, (_order, build) in ordered]


def list_login_limit_keys(*, user_ids: list[int], addresses: list[str]) -> list[str]:
    """The cache keys under which allauth counts attempts for these accounts and addresses.

    allauth keys a limit "per key" by a SHA-256 of the key: the address for log-in codes,
    resets and confirmations, the address for failed log-ins too (AccountAdapter sets that
    key), and `mfa-auth-user-<id>` for failed second factors.
    """
    from allauth.account import app_settings as allauth_settings
    from allauth.core.internal.ratelimit import get_cache_key, get_rates

    app = "allauth.account"
    subjects = [*addresses, *(f"mfa-auth-user-{pk}" for pk in user_ids)]
    keys = []
    for action in allauth_settings.RATE_LIMITS:
        for rate in get_rates(app=app, action=action):
            if rate.per == "key":
                keys.extend(
                    get_cache_key(None, app=app, action=action, rate=rate, key=subject)
                    for subject in subjects
                )
    return keys


def list_active_users(*, role: str):
    """Active accounts of one role, by address (e.g. the funders a report can be shared with)."""
    return User.objects.filter(role=role, is_active=True).order_by("email")


def get_user(*, user_id: int) -> User:
    """One account by id; raises User.DoesNotExist."""
    return User.objects.get(pk=user_id)
