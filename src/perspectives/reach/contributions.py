"""What reach contributes: the online-reach source, its import, the staff menu entry, the
sections of the public sites it counts apart, and its tables' inventory, export, erasure and
retention.

Another app that serves public pages (the vacancy portal, the academy) may contribute a
`ReachSection` for its own path prefix; the section must be a `reach.models.Section` value,
which the database checks too.
"""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import (
    Contributions,
    MenuEntry,
    Ordered,
    ParticipantSection,
    ReachSection,
)

from .imports import reach_import
from .models import Section
from .newsletters.selectors import has_confirmed_subscription
from .newsletters.tasks import (
    send_campaign_task,
    send_subscription_confirmation_task,
    start_scheduled_campaign_task,
)
from .privacy import (
    INVENTORY,
    erase_subscriptions,
    export_subscriptions,
    purge_unconfirmed_subscriptions,
    purge_visitor_hits,
)
from .sources import online_reach
from .views.participant import build_subscriptions_section

contributions = Contributions(
    indicator_sources=[online_reach],
    importers=[reach_import],
    menu=[MenuEntry("reach", 55, "reach:figure-list", _("Online reach"))],
    reach_sections=[
        ReachSection("/vacatures/", Section.VACANCY_PORTAL.value),
        ReachSection("/academy/", Section.ACADEMY.value),
        ReachSection("/kennisbank/", Section.KNOWLEDGE_BASE.value),
    ],
    participant_sections=[ParticipantSection("newsletters", 30, build_subscriptions_section)],
    known_addresses={"newsletters": has_confirmed_subscription},
    task_labels={
        send_subscription_confirmation_task.module_path: _(
            "Mail with a newsletter confirmation link"
        ),
        send_campaign_task.module_path: _("Sending of a newsletter campaign"),
        start_scheduled_campaign_task.module_path: _("Start of a scheduled newsletter campaign"),
    },
    personal_data=INVENTORY,
    personal_data_exporters={"reach": Ordered(40, export_subscriptions)},
    personal_data_erasers={"reach": Ordered(40, erase_subscriptions)},
    retention_purgers={
        "reach.subscriptions": purge_unconfirmed_subscriptions,
        "reach.visitor_hits": purge_visitor_hits,
    },
)
