"""Services of the kernel: the audit log, idempotent answers and mail sent once."""

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

from .models import AuditEntry, IdempotentResponse, SentMail

logger = logging.getLogger(__name__)


def log_action(
    *,
    action: str,
    actor: Any | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one change; `action` is a dotted past-tense key (`activities.activity.created`)."""
    entry = audit_entry(action=action, actor=actor, target=target, data=data)
    entry.save()
    return entry


def audit_entry(
    *,
    action: str,
    actor: Any | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry that log_action would record, not yet saved: save it with log_entries."""
    entry = AuditEntry(action=action, data=data or {})
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
    return entry


def log_entries(*, entries: Iterable[AuditEntry | None]) -> int:
    """Record several changes (from audit_entry; None is skipped), in this order.

    For the sign-up, the hottest write path: a fixed parameterised statement costs a fraction of
    bulk_create's statement building. The entries get no primary keys back.
    """
    entries = [entry for entry in entries if entry is not None]
    if not entries:
        return 0
    now = timezone.now()
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [AuditEntry._meta.get_field(name) for name in AUDIT_COLUMNS]
    rows = []
    for entry in entries:
        entry.created_at = now
        rows.append(
            [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
        )
    with connection.cursor() as cursor:
        # A sign-up writes one or two entries: one statement for up to two rows, without
        # executemany's batching, which costs more than it saves for so few.
        for start in range(0, len(rows), 2):
            pair = rows[start : start + 2]
            cursor.execute(
                AUDIT_INSERT if len(pair) == 1 else AUDIT_INSERT_TWO,
                [value for row in pair for value in row],
            )
    return len(entries)


AUDIT_INSERT = (
    "INSERT INTO core_auditentry (action, actor_id, content_type_id, object_id, data, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s)"
)
AUDIT_INSERT_TWO = (
    "INSERT INTO core_auditentry (action, actor_id, content_type_id, object_id, data, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s), (%s, %s, %s, %s, %s, %s)"
)
AUDIT_COLUMNS = ("action", "actor", "content_type", "object_id", "data", "created_at")


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


class IdempotencyKeyReused(Exception):
    """The Idempotency-Key was used before for a different request."""


def subject_digest(subject: str) -> str:
    """A keyed hash of the address a stored answer or a queued account mail is about (trimmed,
    case-insensitive): erasure finds them by it without the address being stored."""
    normalised = (subject or "").strip().lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"idempotency:{normalised}".encode(), hashlib.sha256
    ).hexdigest()


def respond_once(
    *,
    key: str,
    scope: str,
    request_hash: str,
    respond: Callable[[], tuple[int, dict[str, Any]]],
    subject: str = "",
) -> tuple[int, dict[str, Any], bool]:
    """Answer a request once per (scope, key); retries get the stored answer back.

    Returns (status code, body, replayed). `respond` does the work and gives the answer; it runs
    inside the same transaction that stores the key, so the work and the key commit together or
    not at all. A concurrent request with the same key blocks on the unique key until the first
    commits, then replays its answer. Raises IdempotencyKeyReused when the same key comes with
    another request (a different `request_hash`). `subject` is the e-mail address the request
    is about, if any: it is kept as a keyed hash only, so that erasing that person also
    deletes the stored answer (forget_idempotent_responses).
    """
    stored = _stored_response(key=key, scope=scope, request_hash=request_hash)
    if stored is not None:
        return stored.status_code, stored.body, True
    try:
        with transaction.atomic():
            record = IdempotentResponse.objects.create(
                key=key,
                scope=scope,
                request_hash=request_hash,
                subject_key=subject_digest(subject) if subject.strip() else "",
            )
            status_code, body = respond()
            record.status_code, record.body = status_code, body
            record.save(update_fields=["status_code", "body"])
    except IntegrityError:
        stored = _stored_response(key=key, scope=scope, request_hash=request_hash)
        if stored is None:
            raise
        return stored.status_code, stored.body, True
    return status_code, body, False


def _stored_response(*, key: str, scope: str, request_hash: str) -> IdempotentResponse | None:
    stored = IdempotentResponse.objects.filter(key=key, scope=scope).first()
    if stored is not None and stored.request_hash != request_hash:
        raise IdempotencyKeyReused(key)
    return stored


def purge_idempotent_responses(*, today: dt.date) -> dict[str, int]:
    """Stored answers older than RETENTION_IDEMPOTENCY_KEYS_DAYS: no client retries that late."""
    cutoff_day = today - dt.timedelta(days=settings.RETENTION_IDEMPOTENCY_KEYS_DAYS)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    deleted, _ = IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()
    return {"idempotency_keys": deleted}


def forget_idempotent_responses(
    *,
    subjects: Iterable[str] = (),
    scope_prefix: str = "",
    body_ids: Iterable[int] = (),
) -> int:
    """Delete stored answers about these addresses, or (under `scope_prefix`) whose body's `id`
    is one of `body_ids`; returns how many. For erasure: the answer is about that person.
    """
    digests = [subject_digest(subject) for subject in subjects if subject.strip()]
    ids = list(body_ids)
    deleted = 0
    for start in range(0, len(digests), 500):
        count, _ = IdempotentResponse.objects.filter(
            subject_key__in=digests[start : start + 500]
        ).delete()
        deleted += count
    if scope_prefix and ids:
        for start in range(0, len(ids), 500):
            count, _ = IdempotentResponse.objects.filter(
                scope__startswith=scope_prefix, body__id__in=ids[start : start + 500]
            ).delete()
            deleted += count
    return deleted


def send_mail_once(
    *,
    key: str,
    message: EmailMessage,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> bool:
    """Send `message` unless a mail under `key` went out before; returns whether it went now.

    `key` names this one mail over every attempt to send it: the id of the background task that
    sends it. Once the mail server has accepted the message, the key and the audit entry
    (`action`, `target`, `data`) are written in one transaction. A send that fails writes
    nothing and raises, so that the task is retried. The one window left is between the
    server's acceptance and that commit: a worker that dies there sends the mail again on its
    retry (at least once, twice only then). Must not be called inside a transaction.
    """
    if SentMail.objects.filter(key=key).exists():
        return False
    message.send()
    try:
        with transaction.atomic():
            SentMail.objects.create(key=key, sent_at=timezone.now())
            log_action(action=action, actor=None, target=target, data=data)
    except IntegrityError:
        # Another run of the same task recorded it first: a worker was taken for dead although
        # it ran longer than TASK_RUNNING_TIMEOUT_SECONDS. The mail went out twice.
        logger.warning("mail %s was sent by two runs of its task at once", key)
    return True


def purge_sent_mail_keys(*, today: dt.date) -> dict[str, int]:
    """Keys of mail sent before RETENTION_IDEMPOTENCY_KEYS_DAYS: no task is retried that late."""
    cutoff_day = today - dt.timedelta(days=settings.RETENTION_IDEMPOTENCY_KEYS_DAYS)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    deleted, _ = SentMail.objects.filter(sent_at__lt=cutoff).delete()
    return {"sent_mail_keys": deleted}
