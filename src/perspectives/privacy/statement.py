"""The privacy statement, generated from the inventory: what we keep, why, how long, for whom."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from perspectives.core.privacy import AS_LONG_AS_RECORD, LEGAL_HOLD, NONE

from .inventory import list_inventory


@dataclass
class StatementEntry:
    model: str
    fields: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    retention: list[str] = field(default_factory=list)


def describe_basis(basis: str) -> str:
    return {
        "consent": _("your consent (AVG art. 6(1)(a))"),
        "contract": _("the agreement to take part (AVG art. 6(1)(b))"),
        "legal_obligation": _("a legal obligation (AVG art. 6(1)(c))"),
        "public_task": _("a task in the public interest (AVG art. 6(1)(e))"),
        "legitimate_interest": _("our legitimate interest (AVG art. 6(1)(f))"),
    }.get(basis, basis)


def describe_retention(retention: str) -> str:
    if retention == AS_LONG_AS_RECORD:
        return _("as long as the record itself (it holds no personal data after erasure)")
    if retention == LEGAL_HOLD:
        return _("kept for accountability (audit trail, ids only)")
    # The reader is told the period, not the name of the setting that holds it.
    days = getattr(settings, retention, None)
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def build_statement() -> list[StatementEntry]:
    """One entry per kind of record holding personal data, in inventory order."""
    entries: dict[str, StatementEntry] = {}
    for row in list_inventory():
        if row.use.data_class == NONE:
            continue
        entry = entries.setdefault(row.model, StatementEntry(model=row.model_name))
        entry.fields.append(row.field_name)
        for target, value in (
            # Purposes are marked with gettext_noop where the apps declare them.
            (entry.purposes, _(row.use.purpose)),
            (entry.bases, describe_basis(row.use.basis)),
            (entry.retention, describe_retention(row.use.retention)),
        ):
            if value not in target:
                target.append(value)
    return list(entries.values())
