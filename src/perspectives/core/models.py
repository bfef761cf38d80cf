"""The kernel: a base model and the audit log. No domain nouns live here."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("changed at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service: who did what to which object, and when."""

    action = models.CharField(verbose_name=_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    object_id = models.CharField(verbose_name=_("record number"), max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(verbose_name=_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(
        verbose_name=_("created at"), auto_now_add=True, db_index=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_id}"


class IdempotentResponse(models.Model):
    """The first answer to a request sent with an Idempotency-Key, replayed to its retries.

    The row is inserted before the work, inside the same transaction, so that a concurrent retry
    waits on the unique key and then finds the answer; nobody else ever sees `status_code` 0.
    `body` holds the answer's JSON, kept minimal (ids, statuses, prices; no names or addresses).
    """

    key = models.CharField(verbose_name=_("key"), max_length=200)
    scope = models.CharField(verbose_name=_("scope"), max_length=200)
    request_hash = models.CharField(verbose_name=_("fingerprint of the request"), max_length=64)
    status_code = models.PositiveSmallIntegerField(verbose_name=_("answer code"), default=0)
    body = models.JSONField(verbose_name=_("answer"), default=dict, blank=True)
    # A keyed hash of the e-mail address the request was about (core.services.subject_digest),
    # so that erasing the person deletes the answer too; empty when it was about no one.
    subject_key = models.CharField(
        verbose_name=_("keyed hash of the address"), max_length=64, blank=True, db_index=True
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), auto_now_add=True, db_index=True
    )

    class Meta:
        verbose_name = _("idempotent response")
        verbose_name_plural = _("idempotent responses")
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

    client_key = models.CharField(
        verbose_name=_("keyed hash of the client address"), max_length=120, primary_key=True
    )
    window_ends = models.BigIntegerField(
        verbose_name=_("window ends at"), help_text="Unix time at which the window ends."
    )
    count = models.PositiveIntegerField(verbose_name=_("count"))

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.client_key} {self.count}"


class SentMail(models.Model):
    """The idempotency key of a mail that went out: a retried task finds it and sends nothing.

    Written in the transaction that records the send (with its audit entry), right after the mail
    server accepted the message; `key` is the id of the background task that sends the mail, the
    same over every attempt of that task. No address or content is kept.
    """

    key = models.CharField(verbose_name=_("key"), max_length=64)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), db_index=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        constraints = [models.UniqueConstraint(fields=["key"], name="core_sentmail_key_unique")]

    def __str__(self) -> str:
        return self.key
