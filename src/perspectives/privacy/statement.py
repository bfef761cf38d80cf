"""The privacy statement, generated from the inventory: what we keep, why, how long, for whom."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from perspectives.accounts.models import Role
from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    CONTACT,
    IDENTIFYING,
    LEGAL_HOLD,
    NONE,
    PSEUDONYMOUS,
    SPECIAL,
)

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
        "not_applicable": _("none needed: no personal data"),
    }.get(basis, basis)


def describe_data_class(data_class: str) -> str:
    return {
        IDENTIFYING: _("identifying: names a person"),
        CONTACT: _("contact details"),
        SPECIAL: _("special category (AVG art. 9)"),
        PSEUDONYMOUS: _("pseudonymous: linked to a person through a number or a keyed hash"),
        NONE: _("not about a person"),
    }.get(data_class, data_class)


def describe_roles(roles: tuple[str, ...]) -> str:
    return ", ".join(str(Role(role).label) for role in roles) or "–"


def retention_periods() -> list[tuple[str, str]]:
    """Each retention period in words with its length: what is deleted after how long."""
    what = {
        "RETENTION_PERSON_INACTIVE_DAYS": _(
            "A person without registrations, coaching or changes for this long is erased"
        ),
        "RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS": _(
            "A newsletter subscription nobody confirmed is deleted after"
        ),
        "RETENTION_VISITOR_HITS_DAYS": _(
            "Raw visitor hits are turned into daily counts and deleted after"
        ),
        "RETENTION_IDEMPOTENCY_KEYS_DAYS": _(
            "Stored answers to repeated API requests are deleted after"
        ),
    }
    names = sorted(name for name in dir(settings) if name.startswith("RETENTION_"))
    return [(what.get(name, name), describe_retention(name)) for name in names]


def describe_retention(retention: str) -> str:
    if retention == AS_LONG_AS_RECORD:
        return _("as long as the record itself (it holds no personal data after erasure)")
    if retention == LEGAL_HOLD:
        return _("kept for accountability (audit trail, ids only)")
    # The reader is told the period, not the name of the setting that holds it.
    days = getattr(settings, retention, None)
    if days >= 365 and days % 365 == 0:
        # 1095 days reads as three years, which is what was meant when it was set.
        years = days // 365
        return ngettext("%(years)s year", "%(years)s years", years) % {"years": years}
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
