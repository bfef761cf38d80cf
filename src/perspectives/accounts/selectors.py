"""Reads of accounts."""

from .models import User


def is_foundation_staff(user) -> bool:
    """Whether the user may use the staff back office."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and isinstance(user, User)
        and (user.is_foundation_staff)
    )
