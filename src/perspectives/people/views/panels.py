"""What people shows on the staff home page (registered in core.registry.staff_home_panels)."""

from django.utils.translation import gettext as _

from .. import selectors


def build_home_panel(*, request) -> dict:
    """How many people and organisations the foundation knows."""
    return {
        "title": _("People and organisations"),
        "template": "people/home_panel.html",
        "people_count": selectors.count_people(),
        "organisation_count": selectors.count_organisations(),
    }
