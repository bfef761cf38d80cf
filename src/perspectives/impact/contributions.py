"""What impact contributes: the funders' landing page, the staff menu entry, the import of
published figures and its tables' inventory."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import Contributions, MenuEntry

from .imports import published_import
from .privacy import INVENTORY
from .selectors.funder import funder_landing

contributions = Contributions(
    login_landings={"funder": funder_landing},
    menu=[MenuEntry("impact", 50, "impact:dashboard", _("Impact"))],
    importers=[published_import],
    personal_data=INVENTORY,
)
