"""Who is a funder, and where each role lands after log-in."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from perspectives.accounts.models import Role, User


def is_funder(user) -> bool:
    """Whether the user may see the funder pages (figures only)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and isinstance(user, User)
        and user.is_active
        and user.role == Role.FUNDER
    )


def landing_url_for(user) -> str:
    """The page a user lands on after log-in: funders their dashboard, others the default."""
    return funder_landing(user) or resolve_url(settings.LOGIN_REDIRECT_URL)


def funder_landing(user) -> str | None:
    """The funder dashboard for funders; None for everyone else (see core.registry.login_landings)."""
    return reverse("funder:dashboard") if is_funder(user) else None
