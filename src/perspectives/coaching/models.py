"""Coaching trajectories: career coaching for workers, business coaching for entrepreneurs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel


class TrajectoryKind(models.TextChoices):
    CAREER = "career", _("Career coaching")
    BUSINESS = "business", _("Business coaching")


class TrajectoryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Trajectory(TimeStampedModel):
    """One person coached over a stretch of time; it counts in the year it started."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="trajectories",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TrajectoryKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.ACTIVE,
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    coach_name = models.CharField(_("coach"), max_length=150, blank=True)
    goal = models.TextField(_("goal"), blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("coaching trajectory")
        verbose_name_plural = _("coaching trajectories")
        indexes = [models.Index(fields=["kind", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="coaching_trajectory_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TrajectoryKind.values),
                name="coaching_trajectory_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=TrajectoryStatus.values),
                name="coaching_trajectory_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.started_on:%d-%m-%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == TrajectoryStatus.ACTIVE
