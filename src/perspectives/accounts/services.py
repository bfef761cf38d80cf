"""Writes of accounts."""

from django.db import transaction

from perspectives.core.services import log_action

from .models import Role, User


@transaction.atomic
def create_user(
    *, email: str, password: str | None, role: str, full_name: str = "", created_by=None
) -> User:
    """Create a user with a role; without a password the account cannot log in with one."""
    user = User(email=email.strip().lower(), full_name=full_name, role=role)
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    log_action(action="accounts.user.created", actor=created_by, target=user, data={"role": role})
    return user
