"""Services of the kernel: the audit log."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def log_action(
    *,
    action: str,
    actor: Any | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one change; `action` is a dotted past-tense key (`activities.activity.created`)."""
    entry = AuditEntry(action=action, data=data or {})
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
    entry.save()
    return entry


def log_actions(
    *, action: str, actor: Any | None, targets: Iterable[models.Model], data=None
) -> int:
    """Record the same change on many objects of one model in one INSERT."""
    targets = list(targets)
    if not targets:
        return 0
    content_type = ContentType.objects.get_for_model(targets[0])
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=action,
            actor_id=actor_id,
            content_type=content_type,
            object_id=str(target.pk),
            data=data or {},
        )
        for target in targets
    )
    return len(targets)


def diff_fields(before: models.Model | None, after: models.Model, fields: Iterable[str]) -> dict:
    """The fields that changed, as {"field": [old, new]}, JSON-safe, for the audit log."""
    changes = {}
    for name in fields:
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name)
        if old != new:
            changes[name] = [_json_safe(old), _json_safe(new)]
    return changes


def log_changes(
    *,
    action: str,
    actor: Any | None,
    target: models.Model,
    before: models.Model | None,
    fields: Iterable[str],
) -> dict:
    """Log the fields that changed between `before` and `target` (nothing when none did).

    `before` is None for a new object: every field then counts as changed. Returns the changes.
    """
    changes = diff_fields(before, target, fields)
    if changes:
        log_action(action=action, actor=actor, target=target, data={"changes": changes})
    return changes


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
