"""What activities contributes: its indicator source and the reporting categories it counts,
imports, the staff menu entry and home panel, and its tables' personal-data inventory."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import (
    Contributions,
    HomePanel,
    MenuEntry,
    Ordered,
    ParticipantSection,
    ReportingCategory,
)

from .imports import activities_import, registrations_import
from .models import Category
from .privacy import (
    ACTIVITY_FIELDS,
    REGISTRATION_FIELDS,
    TALLY_FIELDS,
    erase_stored_sign_up_answers,
    export_registrations,
    recent_person_ids,
)
from .sources import registrations_source
from .tasks import (
    refresh_tallies_task,
    send_registration_email_task,
    send_sign_up_confirmation_task,
)
from .views.panels import build_home_panel
from .views.participant import build_registrations_section


def _category(value: Category, *, nl: str, en: str) -> ReportingCategory:
    return ReportingCategory(
        source=registrations_source.key,
        value=value.value,
        label=value.label,
        words={"nl": nl, "en": en},
    )


# The categories an activity's participants count under (Activity.category); the words are
# printed in the definitions beside funders' figures.
REPORTING_CATEGORIES = [
    _category(Category.STARTERS, nl="bijscholing starters", en="starters upskilling"),
    _category(
        Category.PROFESSIONALS,
        nl="Leven Lang Ontwikkelen, professionals",
        en="lifelong learning, professionals",
    ),
    _category(Category.KNOWLEDGE_EVENTS, nl="kennisevents", en="knowledge events"),
    _category(Category.BUSINESS_COACHING, nl="bedrijfscoaching", en="business coaching"),
]

contributions = Contributions(
    indicator_sources=[registrations_source],
    reporting_categories=REPORTING_CATEGORIES,
    importers=[activities_import, registrations_import],
    menu=[MenuEntry("activities", 10, "activities:activity-list", _("Activities"))],
    home_panels=[HomePanel("activities", 10, build_home_panel)],
    participant_sections=[ParticipantSection("activities", 10, build_registrations_section)],
    personal_data={
        "activities.Activity": ACTIVITY_FIELDS,
        "activities.Registration": REGISTRATION_FIELDS,
        **TALLY_FIELDS,
    },
    personal_data_exporters={"activities": Ordered(20, export_registrations)},
    personal_data_erasers={"activities": Ordered(20, erase_stored_sign_up_answers)},
    person_activity={"activities": recent_person_ids},
    task_labels={
        send_registration_email_task.module_path: _("Mail about a registration"),
        send_sign_up_confirmation_task.module_path: _("Mail with a sign-up confirmation link"),
        refresh_tallies_task.module_path: _("Update of the report figures"),
    },
)
