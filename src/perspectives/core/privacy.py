"""The vocabulary of the personal-data inventory, and the kernel's own entries in it.

Apps describe each field of their models with `FieldUse` and contribute the result to
`perspectives.core.registry.personal_data`; `perspectives.privacy` aggregates, shows and checks it.
Nothing here knows a domain noun: erasure and export work on whatever instance they are given.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Concat, Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_noop

# Personal-data classes, from most to least sensitive.
IDENTIFYING = "identifying"  # names a person on its own (name, e-mail address)
CONTACT = "contact"  # reaches a person (address, phone); e-mail counts as identifying
SPECIAL = "special"  # AVG art. 9 (health, origin, ...); none yet, see docs/privacy.md
PSEUDONYMOUS = "pseudonymous"  # about a person, linked only through an id or a keyed hash
NONE = "none"  # about no person
DATA_CLASSES = (IDENTIFYING, CONTACT, SPECIAL, PSEUDONYMOUS, NONE)

# Legal bases of AVG art. 6(1).
CONSENT = "consent"  # (a)
CONTRACT = "contract"  # (b)
LEGAL_OBLIGATION = "legal_obligation"  # (c)
PUBLIC_TASK = "public_task"  # (e)
LEGITIMATE_INTEREST = "legitimate_interest"  # (f)
NOT_APPLICABLE = "not_applicable"  # not personal data
BASES = (CONSENT, CONTRACT, LEGAL_OBLIGATION, PUBLIC_TASK, LEGITIMATE_INTEREST, NOT_APPLICABLE)

# Retention that is not a setting: the field lives and dies with its row.
AS_LONG_AS_RECORD = "as long as the record"
# Kept for accountability (audit trail); never purged, holds no personal values.
LEGAL_HOLD = "legal hold"

# Roles that may see a field (the values of perspectives.accounts.models.Role, spelled out here
# because core sits below accounts).
ADMIN = "administrator"
STAFF = "staff"
COACH = "coach"
EMPLOYER = "employer"
FUNDER = "funder"
PARTICIPANT = "participant"
BACK_OFFICE = (ADMIN, STAFF)
EVERYONE = (ADMIN, STAFF, COACH, EMPLOYER, FUNDER, PARTICIPANT)


@dataclass(frozen=True)
class FieldUse:
    """How one model field is used: what it is, why we hold it, on what basis, how long, for whom.

    `exported` is false only for secrets (password and token hashes): they are about the person
    but handing them out would weaken the account, not inform its owner.
    """

    data_class: str
    purpose: str
    basis: str
    retention: str
    roles: tuple[str, ...]
    exported: bool = True

    def __post_init__(self) -> None:
        if self.data_class not in DATA_CLASSES:
            raise ValueError(f"unknown data class {self.data_class!r}")
        if self.basis not in BASES:
            raise ValueError(f"unknown legal basis {self.basis!r}")
        if self.data_class != NONE and self.basis == NOT_APPLICABLE:
            raise ValueError("personal data needs a legal basis")
        if not (self.retention in (AS_LONG_AS_RECORD, LEGAL_HOLD) or self.retention.isupper()):
            raise ValueError(
                f"retention must be a RETENTION_* setting name, not {self.retention!r}"
            )


def uses(names: Iterable[str], use: FieldUse) -> dict[str, FieldUse]:
    """The same use for several fields: `{**uses(["id", "created_at"], BOOKKEEPING), ...}`."""
    return dict.fromkeys(names, use)


# Row ids and time stamps: needed to keep records apart and in order, about no one by themselves.
BOOKKEEPING = FieldUse(
    data_class=NONE,
    purpose=gettext_noop("keep records apart and in order"),
    basis=NOT_APPLICABLE,
    retention=AS_LONG_AS_RECORD,
    roles=BACK_OFFICE,
)


def json_safe(value: Any) -> Any:
    """A field value as JSON: dates in ISO 8601, decimals as text, bytes left out."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def export_fields(instance: models.Model, inventory: dict[str, FieldUse]) -> dict[str, Any]:
    """Every exported inventory field of `instance` (foreign keys as ids), JSON-safe."""
    row = {}
    for field in instance._meta.concrete_fields:
        use = inventory.get(field.name)
        if use is None or not use.exported:
            continue
        row[field.name] = json_safe(field.value_from_object(instance))
    return row


def new_placeholder_email() -> str:
    """A unique address that belongs to no one (RFC 2606 reserves .invalid)."""
    return f"erased-{uuid.uuid4().hex}@erased.invalid"


def placeholder_email_column() -> Concat:
    """`new_placeholder_email` for a set-based UPDATE: unique per row, as the row's id is in it."""
    return Concat(
        Value(f"erased-{uuid.uuid4().hex}-"),
        Cast("pk", models.CharField()),
        Value("@erased.invalid"),
        output_field=models.CharField(),
    )


def email_addresses_of(people: models.QuerySet) -> models.QuerySet:
    """The people's addresses, trimmed and lower-case, as a subquery for `email__in`."""
    return people.annotate(address=Lower(Trim("email"))).values("address")


def erase_from_admin_log(*, people: models.QuerySet, now: dt.datetime) -> None:
    """Drop the people's names from the Django admin's history, which keeps `str(object)`.

    Our own audit trail needs nothing: it is append-only and holds ids and field names only.
    """
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(people.model),
        object_id__in=people.annotate(key=Cast("pk", models.CharField())).values("key"),
    ).update(object_repr=Concat(Value("#"), "object_id"), change_message="")


def addresses_of(people: models.QuerySet) -> list[str]:
    """The people's addresses (trimmed, lower-case) as a list, for work outside SQL."""
    return [row["address"] for row in email_addresses_of(people) if row["address"]]


def erase_stored_answers(*, people: models.QuerySet, now: dt.datetime) -> None:
    """Answers kept for Idempotency-Key retries of requests about the people's addresses."""
    from .services import forget_idempotent_responses

    forget_idempotent_responses(subjects=addresses_of(people))


def erase_task_arguments(*, people: models.QuerySet, now: dt.datetime) -> None:
    """Background tasks that were given one of the people's addresses (argument `email`), or a
    keyed hash of it (argument `subject_key`, `services.subject_digest`: a queued account mail,
    whose address is encrypted with the rest of the mail).

    A task waiting to run is about a person who no longer needs it; a finished one is kept
    only for staff's look at failed work. One that is running is left to finish: its worker
    still writes its outcome (and the next erasure or the retention purge of the person will
    not find it again; docs/security.md says so).
    """
    from django.db.models import Q
    from django.db.models.functions import Lower
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .services import subject_digest

    addresses = addresses_of(people)
    kwargs = KeyTransform("kwargs", "args_kwargs")
    for start in range(0, len(addresses), 500):
        batch = addresses[start : start + 500]
        DBTaskResult.objects.annotate(
            task_email=Lower(Trim(KeyTextTransform("email", kwargs))),
            # Cast: `__in` on a JSON key compares JSON values, and a digest is plain text.
            task_subject_key=Cast(KeyTextTransform("subject_key", kwargs), models.CharField()),
        ).filter(
            Q(task_email__in=batch)
            | Q(task_subject_key__in=[subject_digest(address) for address in batch])
        ).exclude(status=TaskResultStatus.RUNNING).delete()


def erase_outbox_messages(*, people: models.QuerySet, now: dt.datetime) -> None:
    """Mail to or about the people in the outbox folder: removed once the erasure commits.

    Files cannot be rolled back, so they change only after the transaction has committed
    (a failed erasure leaves them as they were). The erasure stands even if a file cannot be
    changed then (a full disk, wrong permissions): the error is logged and the message stays
    until an operator removes it.
    """
    from django.db import transaction

    from .outbox import remove_outbox_messages

    addresses = addresses_of(people)
    if addresses:
        transaction.on_commit(lambda: remove_outbox_messages(addresses=addresses), robust=True)


def purge_expired_sessions(*, today: dt.date) -> dict[str, int]:
    """Sessions past their expiry date: they may hold a log-in, never needed again."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {"sessions": deleted}


# The kernel's own tables (contributed in perspectives.core.contributions).
INVENTORY = {
    "core.AuditEntry": {
        **uses(["id", "created_at"], BOOKKEEPING),
        "action": FieldUse(
            NONE, gettext_noop("audit trail: what changed"), NOT_APPLICABLE, LEGAL_HOLD, (ADMIN,)
        ),
        "actor": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("audit trail: which user made the change"),
            LEGAL_OBLIGATION,
            LEGAL_HOLD,
            (ADMIN,),
        ),
        "content_type": FieldUse(
            NONE, gettext_noop("audit trail: kind of record"), NOT_APPLICABLE, LEGAL_HOLD, (ADMIN,)
        ),
        "object_id": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("audit trail: which record (an id only)"),
            LEGAL_OBLIGATION,
            LEGAL_HOLD,
            (ADMIN,),
        ),
        "data": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("audit trail: names of changed fields, counts; never personal values"),
            LEGAL_OBLIGATION,
            LEGAL_HOLD,
            (ADMIN,),
        ),
    },
    "core.IdempotentResponse": {
        **uses(["id", "created_at", "status_code"], BOOKKEEPING),
        "key": FieldUse(
            NONE,
            gettext_noop("replay the first answer to a retried API request"),
            NOT_APPLICABLE,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
        "scope": FieldUse(
            NONE,
            gettext_noop("which operation (and object) the key was used for"),
            NOT_APPLICABLE,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
        "request_hash": FieldUse(
            PSEUDONYMOUS,
            gettext_noop(
                "tell a retry from another request under the same key (SHA-256 of the body)"
            ),
            LEGITIMATE_INTEREST,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
        "body": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("the first answer, replayed to retries: ids, status and price, no names"),
            LEGITIMATE_INTEREST,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
        "subject_key": FieldUse(
            PSEUDONYMOUS,
            gettext_noop(
                "find the answer again when its person is erased (a keyed hash of the address)"
            ),
            LEGITIMATE_INTEREST,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
    },
    "core.SentMail": {
        **uses(["id"], BOOKKEEPING),
        "key": FieldUse(
            NONE,
            gettext_noop(
                "send each mail once: the id of the task that sent it (no address, no content)"
            ),
            NOT_APPLICABLE,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
        "sent_at": FieldUse(
            NONE,
            gettext_noop("when the mail server accepted the mail"),
            NOT_APPLICABLE,
            "RETENTION_IDEMPOTENCY_KEYS_DAYS",
            (ADMIN,),
        ),
    },
    "core.RateLimitCount": {
        "client_key": FieldUse(
            PSEUDONYMOUS,
            gettext_noop(
                "count a client's requests against a public limit (a keyed hash of the address;"
                " the daily purge deletes the row once its window has ended)"
            ),
            LEGITIMATE_INTEREST,
            AS_LONG_AS_RECORD,
            (ADMIN,),
        ),
        "window_ends": FieldUse(
            NONE,
            gettext_noop("when the count starts again"),
            NOT_APPLICABLE,
            AS_LONG_AS_RECORD,
            (ADMIN,),
        ),
        "count": FieldUse(
            NONE,
            gettext_noop("requests in the window"),
            NOT_APPLICABLE,
            AS_LONG_AS_RECORD,
            (ADMIN,),
        ),
    },
}
