"""The demo dataset: fictional people, organisations and activities of a media-sector foundation."""

import datetime as dt

from django.db import transaction

from perspectives.accounts.models import Role, User
from perspectives.accounts.services import create_user
from perspectives.activities.models import Activity
from perspectives.activities.services import create_activity, register_participant
from perspectives.people.services import create_person

DEMO_STAFF_EMAIL = "demo@perspectives.example"
DEMO_STAFF_PASSWORD = "demo-perspectives-2020"  # noqa: S105  (the demo's documented login)


@transaction.atomic
def load_demo_data(*, stdout=None) -> bool:
    """Load the demo once; returns False when it is already there."""
    if User.objects.filter(email=DEMO_STAFF_EMAIL).exists():
        return False
    create_user(
        email=DEMO_STAFF_EMAIL, password=DEMO_STAFF_PASSWORD, role=Role.STAFF, full_name="Demo"
    )
    if not Activity.objects.exists():
        activity = create_activity(
            code="cmc-2020-01",
            title="Cross Media Café: AI in de redactie",
            type="knowledge_event",
            pillar="both",
            category="knowledge_events",
            starts_on=dt.date(2020, 1, 15),
        )
        person = create_person(email="anna@example.org", first_name="Anna", last_name="de Vries")
        register_participant(activity=activity, person=person, status="attended")
    return True
