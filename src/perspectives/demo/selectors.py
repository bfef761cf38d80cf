"""Whether a database may receive the demo: only an empty one, or one the demo made itself."""

import os

from django.apps import apps
from django.conf import settings

from perspectives.core.models import AuditEntry

# Written by load_demo_data in the same transaction as the demo's records: its presence says
# that this database is a demo installation, whatever was done in the demo since.
DEMO_MARKER_ACTION = "demo.data.loaded"
# The records of a real installation; migrations seed none of them. Any audit entry counts
# too: every service writes one.
OWN_DATA_MODELS = (
    "accounts.User",
    "people.Person",
    "people.Organisation",
    "activities.Activity",
    "activities.Registration",
    "funding.Funder",
    "funding.Grant",
    "reach.ReachFigure",
)


def is_demo_database() -> bool:
    return AuditEntry.objects.filter(action=DEMO_MARKER_ACTION).exists()


def list_foreign_data() -> list[str]:
    """What the database holds that the demo did not write: empty for an empty or a demo one."""
    if is_demo_database():
        return []
    found = [label for label in OWN_DATA_MODELS if apps.get_model(label).objects.exists()]
    if AuditEntry.objects.exists():
        found.append("core.AuditEntry")
    return found


def get_production_settings_reason() -> str | None:
    """Why the settings are a real installation's, or None for the embedded one."""
    if not settings.EMBEDDED:
        return "DATABASE_URL names a database server, not the embedded SQLite database"
    debug = os.environ.get("DEBUG", "").strip().lower()
    if debug in {"0", "false", "no", "off", "nee"}:
        return "DEBUG=false is set in the environment (production settings)"
    return None
