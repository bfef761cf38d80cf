"""What coaching contributes: the trajectories source and the kinds it counts under, the staff
menu entry, the trajectories on a person's page, and the trajectories' personal-data inventory, export and erasure."""

from django.utils.translation import gettext_lazy as _

from perspectives.core.registry import (
    Contributions,
    MenuEntry,
    Ordered,
    PersonPageSection,
    ReportingCategory,
)

from .models import TrajectoryKind
from .panels import build_person_section
from .privacy import (
    TRAJECTORY_FIELDS,
    erase_trajectory_text,
    export_trajectories,
    recent_person_ids,
)
from .selectors import coach_landing
from .sources import TrajectorySource

trajectories_source = TrajectorySource()

# The `kinds` a trajectories indicator counts under.
REPORTING_CATEGORIES = [
    ReportingCategory(
        source=trajectories_source.key,
        value=TrajectoryKind.CAREER.value,
        label=TrajectoryKind.CAREER.label,
        words={"nl": "loopbaancoaching", "en": "career coaching"},
    ),
    ReportingCategory(
        source=trajectories_source.key,
        value=TrajectoryKind.BUSINESS.value,
        label=TrajectoryKind.BUSINESS.label,
        words={"nl": "bedrijfscoaching", "en": "business coaching"},
    ),
]

contributions = Contributions(
    login_landings={"coach": coach_landing},
    indicator_sources=[trajectories_source],
    reporting_categories=REPORTING_CATEGORIES,
    menu=[MenuEntry("coaching", 30, "coaching:trajectory-list", _("Coaching"))],
    person_page_sections=[PersonPageSection("coaching", 30, build_person_section)],
    personal_data={"coaching.Trajectory": TRAJECTORY_FIELDS},
    personal_data_exporters={"coaching": Ordered(30, export_trajectories)},
    personal_data_erasers={"coaching": Ordered(30, erase_trajectory_text)},
    person_activity={"coaching": recent_person_ids},
)
