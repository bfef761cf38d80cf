"""What people contributes: the staff menu entry and home panel, and the inventory, export and
erasure of people, affiliations and organisations."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import Contributions, HomePanel, MenuEntry, Ordered

from .privacy import (
    AFFILIATION_FIELDS,
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    erase_person_rows,
    export_person,
    recent_person_ids,
)
from .selectors import is_known_person_address
from .views.panels import build_home_panel

contributions = Contributions(
    menu=[MenuEntry("people", 20, "people:person-list", _("People"))],
    home_panels=[HomePanel("people", 20, build_home_panel)],
    personal_data={
        "people.Person": PERSON_FIELDS,
        "people.Affiliation": AFFILIATION_FIELDS,
        "people.Organisation": ORGANISATION_FIELDS,
    },
    personal_data_exporters={"people": Ordered(10, export_person)},
    # Last of all erasers: the others still find the people by their e-mail addresses.
    personal_data_erasers={"people": Ordered(100, erase_person_rows)},
    person_activity={"people": recent_person_ids},
    known_addresses={"people": is_known_person_address},
)
