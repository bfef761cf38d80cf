"""People the foundation works with and their organisations: the least data the work needs."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel


class ParticipantType(models.TextChoices):
    STUDENT = "student", _("Student")
    STARTER = "starter", _("Starter")
    EMPLOYEE = "employee", _("Employee")
    FREELANCER = "freelancer", _("Freelancer")
    TEACHER = "teacher", _("Teacher")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    OTHER = "other", _("Other")


class OrganisationKind(models.TextChoices):
    PUBLIC_BROADCASTER = "public_broadcaster", _("Public broadcaster")
    COMMERCIAL_MEDIA = "commercial_media", _("Commercial media company")
    FACILITIES = "facilities", _("Facilities or production company")
    SCHOOL_MBO = "school_mbo", _("School (mbo)")
    SCHOOL_HBO = "school_hbo", _("School (hbo)")
    UNIVERSITY = "university", _("University")
    GOVERNMENT = "government", _("Government")
    UNION = "union", _("Union")
    STARTUP = "startup", _("Start-up or scale-up")
    OTHER = "other", _("Other")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    is_hr_network_member = models.BooleanField(_("member of the HR network"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="people_organisation_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    # Never a BSN or other national identifier: see docs/privacy.md.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # Stored trimmed and lower-case by the services, so that uniqueness is case-insensitive.
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    participant_type = models.CharField(
        _("participant type"),
        max_length=20,
        choices=ParticipantType.choices,
        default=ParticipantType.OTHER,
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    # Set by perspectives.privacy's erasure: the row stays (without personal data) so that
    # reports keep counting this person once.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="people_person_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Affiliation(TimeStampedModel):
    """A person works or studies at an organisation."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="people_affiliation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"
