"""What activities show on the staff home page (registered in core.registry.staff_home_panels)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors


def build_home_panel(*, request) -> dict:
    """Upcoming activities and this year's figures so far."""
    today = timezone.localdate()
    return {
        "title": _("Upcoming activities"),
        "template": "activities/home_panel.html",
        "year": today.year,
        "year_counts": selectors.count_activity_year(year=today.year),
        "activities": list(selectors.list_upcoming_activities(from_date=today, limit=5)),
    }
