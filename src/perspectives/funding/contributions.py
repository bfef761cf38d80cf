"""What funding contributes: its staff menu entry and its tables' inventory."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import Contributions, MenuEntry

from .privacy import INVENTORY

contributions = Contributions(
    menu=[MenuEntry("funding", 60, "funding:overview", _("Funding"))],
    personal_data=INVENTORY,
)
