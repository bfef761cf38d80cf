"""Erasure requests: a participant asks, staff carry it out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CARRIED_OUT = "carried_out", _("Carried out")


class ErasureRequest(models.Model):
    """A person asked for their data to be erased. It holds no personal data, only links."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ErasureRequestStatus.choices,
        default=ErasureRequestStatus.OPEN,
    )
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("carried out by"),
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ErasureRequestStatus.values),
                name="privacy_erasurerequest_status_valid",
            ),
            # One open request per person: asking twice changes nothing.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="open"),
                name="privacy_erasurerequest_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.person_id} {self.status}"
