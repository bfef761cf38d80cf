"""The audit history of an activity, in words staff read."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..models import Activity

ACTION_LABELS = {
    "activities.activity.created": _("Activity created"),
    "activities.activity.changed": _("Activity changed"),
    "activities.registration.created": _("Registration added"),
    "activities.registration.status_changed": _("Registration status changed"),
}


def field_label(name: str) -> str:
    try:
        return str(Activity._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def describe_audit_entries(entries) -> list[dict]:
    """Each entry as {when, actor, label, changes: [(field, old, new)]} for the template."""
    described = []
    for entry in entries:
        changes = (entry.data or {}).get("changes") or {}
        described.append(
            {
                "when": entry.created_at,
                "actor": entry.actor,
                "label": ACTION_LABELS.get(entry.action, entry.action),
                "changes": [
                    (field_label(name), value[0], value[1])
                    for name, value in changes.items()
                    if isinstance(value, list | tuple) and len(value) == 2
                ],
            }
        )
    return described
