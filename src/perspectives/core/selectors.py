"""Reads of the kernel."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def list_audit_entries(*, target: models.Model | None = None) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, optionally for one object."""
    entries = AuditEntry.objects.select_related("actor")
    if target is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
    return entries
