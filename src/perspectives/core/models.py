"""The kernel: a base model and the audit log. No domain nouns live here."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service: who did what to which object, and when."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_id}"


class IdempotentResponse(models.Model):
    """The first answer to a request sent with an Idempotency-Key, replayed to its retries.

    The row is inserted before the work, inside the same transaction, so that a concurrent retry
    waits on the unique key and then finds the answer; nobody else ever sees `status_code` 0.
    `body` holds the answer's JSON, kept minimal (ids, statuses, prices; no names or addresses).
    """

    key = models.CharField(max_length=200)
    scope = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict, blank=True)
    # A keyed hash of the e-mail address the request was about (core.services.subject_digest),
    # so that erasing the person deletes the answer too; empty when it was about no one.
    subject_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "idempotent response"
        verbose_name_plural = "idempotent responses"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_idempotentresponse_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class RateLimitCount(models.Model):
    """Requests of one client against one limit in the current window (core.ratelimit).

    `client_key` is the limit's group and a keyed hash of the client's address, never the
    address. One row per client and limit, reused window after window; the count starts again
    when a request arrives in a later window. On PostgreSQL the table is unlogged: a count is
    worth nothing after a crash, and its commit then waits for no disk.
    """

    client_key = models.CharField(max_length=120, primary_key=True)
    window_ends = models.BigIntegerField(help_text="Unix time at which the window ends.")
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "rate-limit count"
        verbose_name_plural = "rate-limit counts"

    def __str__(self) -> str:
        return f"{self.client_key} {self.count}"


class SentMail(models.Model):
    """The idempotency key of a mail that went out: a retried task finds it and sends nothing.

    Written in the transaction that records the send (with its audit entry), right after the mail
    server accepted the message; `key` is the id of the background task that sends the mail, the
    same over every attempt of that task. No address or content is kept.
    """

    key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "sent mail"
        verbose_name_plural = "sent mails"
        constraints = [models.UniqueConstraint(fields=["key"], name="core_sentmail_key_unique")]

    def __str__(self) -> str:
        return self.key
