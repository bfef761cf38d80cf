"""Export, erasure and retention of personal data, carried out through the apps' registries.

Privacy imports none of the apps that hold the data: each contributes its exporter, eraser and
purger in `perspectives.core.registry`, so a new app only has to register.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from perspectives.accounts.models import User
from perspectives.core.registry import (
    person_activity,
    personal_data_erasers,
    personal_data_exporters,
    retention_purgers,
)
from perspectives.core.services import log_action, log_actions
from perspectives.people.models import Person

from .models import ErasureRequest, ErasureRequestStatus

ERASED_ACTION = "privacy.person.erased"
EXPORT_FORMAT = "perspectives.personal-data/1"
# People erased per transaction by the retention purge: short locks, and a batch stays well
# under SQLite's limit of bound parameters.
ERASURE_BATCH = 1_000


class ErasureReason:
    """Why a person was erased, recorded in the audit trail (a code, never free text)."""

    REQUEST = "request"
    RETENTION = "retention"
    STAFF = "staff"
    ALL = (REQUEST, RETENTION, STAFF)


def _ordered(registry) -> list:
    return [item for _key, (_order, item) in sorted(registry.items(), key=lambda kv: kv[1][0])]


def export_person_data(*, person: Person) -> dict[str, Any]:
    """Everything we hold about this person, JSON-safe, from every app that holds some."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person_id": person.pk,
    }
    for export in _ordered(personal_data_exporters):
        for section, rows in export(person=person).items():
            if section in data:
                raise ValueError(f"two exporters write the section {section!r}")
            data[section] = rows
    return data


def log_export(*, person: Person, actor: User) -> None:
    """Record that a person's data left the system (who downloaded it; no contents)."""
    log_action(action="privacy.person.exported", actor=actor, target=person)


def erase_person(*, person: Person, actor: User, reason: str) -> bool:
    """Remove every trace of the person's personal data; False when it was erased already.

    Every eraser runs in one transaction: a failure in any leaves everything as it was. The
    Person row and its registrations stay (without personal data), so every report, snapshot
    and unique-person count gives the same figures afterwards.
    """
    return erase_people(person_ids=[person.pk], actor=actor, reason=reason) == 1


@transaction.atomic
def erase_people(*, person_ids: list[int], actor: User, reason: str) -> int:
    """`erase_person` for many people at once, set-based; returns how many were erased now.

    One transaction for the batch: all of them are erased, or none. People erased already are
    left alone, so a second run is a no-op.
    """
    if reason not in ErasureReason.ALL:
        raise ValueError(f"reason must be one of {ErasureReason.ALL}")
    ids = list(
        Person.objects.select_for_update()
        .filter(pk__in=person_ids, erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    people = Person.objects.filter(pk__in=ids)
    now = timezone.now()
    for erase in _ordered(personal_data_erasers):
        erase(people=people, now=now)
    ErasureRequest.objects.filter(person_id__in=ids, status=ErasureRequestStatus.OPEN).update(
        status=ErasureRequestStatus.CARRIED_OUT,
        carried_out_at=now,
        carried_out_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_actions(
        action=ERASED_ACTION,
        actor=actor,
        targets=[Person(pk=pk) for pk in ids],
        data={"reason": reason},
    )
    return len(ids)


def request_erasure(*, person: Person, actor: User) -> ErasureRequest:
    """Ask for the person's erasure; asking again while a request is open returns that one."""
    existing = ErasureRequest.objects.filter(person=person, status=ErasureRequestStatus.OPEN)
    if (request := existing.first()) is not None:
        return request
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                person=person, requested_by=actor, requested_at=timezone.now()
            )
            log_action(action="privacy.erasure.requested", actor=actor, target=person)
    except IntegrityError:
        # A second click raced the first; its request stands.
        return existing.get()
    return request


def list_inactive_people(*, today: dt.date):
    """People not erased yet who were active in no app since RETENTION_PERSON_INACTIVE_DAYS."""
    since = today - dt.timedelta(days=settings.RETENTION_PERSON_INACTIVE_DAYS)
    people = Person.objects.filter(erased_at__isnull=True)
    for _key, recent_person_ids in person_activity.items():
        people = people.exclude(pk__in=recent_person_ids(since=since))
    return people


def purge_expired_data(*, today: dt.date) -> dict[str, int]:
    """Delete or erase whatever is past its retention period; running it again changes nothing.

    Audit entries are never purged (legal hold); they hold ids and field names only.
    """
    result: dict[str, int] = {}
    for _key, purge in retention_purgers.items():
        with transaction.atomic():
            result.update(purge(today=today))
    erased = 0
    inactive = list(list_inactive_people(today=today).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(inactive), ERASURE_BATCH):
        erased += erase_people(
            person_ids=inactive[start : start + ERASURE_BATCH],
            actor=None,
            reason=ErasureReason.RETENTION,
        )
    result["inactive_people_erased"] = erased
    if any(result.values()):
        log_action(action="privacy.retention.purged", actor=None, data=result)
    return result
