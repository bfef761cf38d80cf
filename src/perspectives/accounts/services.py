"""Writes of accounts."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from perspectives.core.emails import normalise_email
from perspectives.core.security_log import log_security_event
from perspectives.core.services import log_action

from .models import Role, User


@transaction.atomic
def create_user(
    *, email: str, password: str | None, role: str, full_name: str = "", actor: User | None = None
) -> User:
    """Create a user with a role; without a password the account cannot log in with one."""
    user = User(email=normalise_email(email), full_name=full_name, role=role)
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    log_action(action="accounts.user.created", actor=actor, target=user, data={"role": role})
    return user


def create_participant_account(*, email: str) -> User:
    """The participant account of an address the foundation knows, made at the first log-in.

    Concurrent requests for the same address make one account: the database's unique address
    decides, and the loser reads the winner's row.
    """
    try:
        with transaction.atomic():
            return create_user(email=email, password=None, role=Role.PARTICIPANT)
    except (IntegrityError, ValidationError):
        existing = User.objects.filter(email__iexact=email.strip()).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def verify_email_address(*, user: User) -> None:
    """Record that the person holds the account's address (a one-time link sent to it proved it).

    Without a verified address allauth refuses to set up a second factor, and privileged roles
    cannot go anywhere without one.
    """
    addresses = EmailAddress.objects.filter(user=user)
    same = list(addresses.filter(email__iexact=user.email).order_by("-verified", "pk"))
    kept = same[0] if same else EmailAddress(user=user, email=user.email)
    kept.verified = kept.primary = True
    kept.save()
    # allauth may have recorded the address twice in different case; one row is the truth.
    addresses.filter(email__iexact=user.email).exclude(pk=kept.pk).delete()
    addresses.exclude(pk=kept.pk).update(primary=False)
    log_action(action="accounts.email.verified", actor=user, target=user, data={})


@transaction.atomic
def change_role(*, user: User, role: str, actor: User, request=None) -> User:
    """Give a user another role; only administrators keep Django admin access."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    old_role = user.role
    if old_role == role:
        return user
    user.role = role
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.full_clean()
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    log_action(
        action="accounts.user.role_changed",
        actor=actor,
        target=user,
        data={"role": [old_role, role]},
    )
    transaction.on_commit(
        lambda: log_security_event(
            request=request,
            action="role.changed",
            result="success",
            actor_id=getattr(actor, "pk", None),
            object=f"accounts.user:{user.pk}",
        )
    )
    return user


@transaction.atomic
def enrol_totp(*, user: User, secret: str | None = None) -> tuple[Authenticator, str]:
    """Give a user a TOTP authenticator and recovery codes; returns it and its base32 secret.

    For the demo, the test fixtures and accounts created from the command line: people
    normally enrol themselves on the MFA page after their first log-in.
    """
    secret = secret or generate_totp_secret()
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()
    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    log_action(action="accounts.user.mfa_enrolled", actor=None, target=user)
    return authenticator, secret
