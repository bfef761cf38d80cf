"""What privacy shows on a participant's own page (core.registry.participant_sections)."""

from django.utils.translation import gettext as _


def build_my_data_section(*, user, email: str) -> dict:
    """Where the participant downloads their data or asks for its erasure."""
    return {"title": _("Your data"), "template": "privacy/participant_section.html"}
