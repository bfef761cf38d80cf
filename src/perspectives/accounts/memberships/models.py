"""The Membership model (imported into perspectives.accounts.models)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Role


class MembershipKind(models.TextChoices):
    """What a membership is of: the object's "app_label.model", for the contexts that own it.

    Kinds for contexts to come are declared already, so that they need no accounts migration.
    """

    COACH_TRAJECTORY = "coaching.trajectory", _("Coach of a trajectory")
    EMPLOYER_ORGANISATION = "people.organisation", _("Contact of an organisation")
    FUNDER_REPORT = "impact.reportsnapshot", _("Funder a report is meant for")
    JOB_COACH_PARTICIPANT = "people.person", _("Job coach of a participant")
    ANNOTATOR_PROJECT = "annotation.project", _("Annotator of a project")


# The role a user must have for a membership of each kind to count. An annotator may have any
# role but must be active (None).
ROLE_OF_KIND: dict[str, str | None] = {
    MembershipKind.COACH_TRAJECTORY: Role.COACH,
    MembershipKind.EMPLOYER_ORGANISATION: Role.EMPLOYER,
    MembershipKind.FUNDER_REPORT: Role.FUNDER,
    MembershipKind.JOB_COACH_PARTICIPANT: Role.COACH,
    MembershipKind.ANNOTATOR_PROJECT: None,
}


class Membership(models.Model):
    """One user's part in one object of another context.

    `object_id` names the object without a foreign key: accounts sits below the contexts whose
    objects these are, so it cannot reference their tables; each context's policy looks its
    own objects up, and a membership of an object that is gone grants nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=MembershipKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id"], name="accounts_membership_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MembershipKind.values),
                name="accounts_membership_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="accounts_membership_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
