"""What coaching shows on a person's staff page (core.registry.person_page_sections)."""

from django.utils.translation import gettext as _

from .selectors import list_trajectories, may_use_coaching_pages


def build_person_section(*, request, person) -> dict | None:
    """The person's coaching trajectories, with links to open, change and start one."""
    if not may_use_coaching_pages(request.user):
        return None
    return {
        "title": _("Coaching trajectories"),
        "template": "coaching/person_section.html",
        "person": person,
        "trajectories": list(list_trajectories(user=request.user, person=person)),
        "may_start": bool(getattr(request.user, "is_foundation_staff", False)),
    }
