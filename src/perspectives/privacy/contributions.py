"""What privacy contributes: its staff menu entry and the erasure requests' inventory."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import Contributions, MenuEntry, Ordered, ParticipantSection

from .participant import build_my_data_section
from .privacy import ERASURE_REQUEST_FIELDS, export_erasure_requests

contributions = Contributions(
    menu=[MenuEntry("privacy", 80, "privacy:home", _("Privacy"))],
    participant_sections=[ParticipantSection("privacy", 90, build_my_data_section)],
    personal_data={"privacy.ErasureRequest": ERASURE_REQUEST_FIELDS},
    personal_data_exporters={"privacy": Ordered(60, export_erasure_requests)},
)
