"""Who is a funder, where each role lands after log-in, and which periods funders may choose."""

import datetime as dt

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from perspectives.accounts.models import Role, User
from perspectives.core.periods import Period, quarter_period, year_period

BY_YEAR = "years"
BY_QUARTER = "quarters"


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
    return reverse("impact:funder-dashboard") if is_funder(user) else None


def list_released_periods(
    *, years: list[int], today: dt.date
) -> tuple[dict[int, Period], dict[str, Period]]:
    """The fixed periods of these years that funders may see: (whole years, quarters).

    A period is released the day after it ends, and only whole calendar years and quarters are:
    no cut-off date of one's own, and no period that is still running (its figures would grow
    from one day to the next, and two downloads a day apart would give that day's persons).
    """
    whole = {
        year: year_period(year) for year in sorted(set(years)) if year_period(year).end < today
    }
    quarters = {
        period.label: period
        for year in sorted(set(years))
        for period in (quarter_period(year, quarter) for quarter in (1, 2, 3, 4))
        if period.end < today
    }
    return whole, quarters
