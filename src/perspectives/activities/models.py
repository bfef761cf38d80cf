"""Activities people take part in, and their registrations."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from perspectives.core.models import TimeStampedModel
from perspectives.people.models import ParticipantType


class ActivityType(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    KNOWLEDGE_EVENT = "knowledge_event", _("Knowledge event")
    HACKATHON = "hackathon", _("Hackathon")
    TALENT_PROGRAMME = "talent_programme", _("Talent programme")
    WEBINAR = "webinar", _("Webinar")
    MICRO_LEARNING = "micro_learning", _("Micro-learning")
    FIELD_LAB = "field_lab", _("Field lab")
    HR_MEETING = "hr_meeting", _("HR network meeting")
    OTHER = "other", _("Other")


class Pillar(models.TextChoices):
    TALENT = "talent", _("Talent")
    INNOVATION = "innovation", _("Innovation")
    BOTH = "both", _("Both")


class Category(models.TextChoices):
    """The reporting category an activity's participants count under (empty: none)."""

    STARTERS = "starters", _("Starters upskilling")
    PROFESSIONALS = "professionals", _("Lifelong learning, professionals")
    KNOWLEDGE_EVENTS = "knowledge_events", _("Knowledge events")
    BUSINESS_COACHING = "business_coaching", _("Business coaching")


class Activity(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    pillar = models.CharField(_("pillar"), max_length=12, choices=Pillar.choices)
    category = models.CharField(
        _("reporting category"), max_length=20, choices=Category.choices, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_closed = models.BooleanField(
        _("closed meeting"),
        default=False,
        help_text=_("Closed meetings never count in public figures."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        db_default=False,
        help_text=_(
            "A draft is not on the public site and takes no registrations until it is published."
        ),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open through the start date."),
    )
    price_amount = models.DecimalField(
        _("price"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    freelancer_price_amount = models.DecimalField(
        _("freelancer price"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    requires_email_confirmation = models.BooleanField(
        _("sign-up must be confirmed by e-mail"),
        default=False,
        db_default=False,
        help_text=_(
            "A seat or a place on the waiting list is held only once the link in an e-mail "
            "has been followed: invented addresses hold nothing."
        ),
    )
    organiser = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_activities",
    )

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["category", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activities_activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(price_amount__gte=0),
                name="activities_activity_price_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(freelancer_price_amount__isnull=True)
                | models.Q(freelancer_price_amount__gte=0),
                name="activities_activity_freelancer_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d-%m-%Y})"

    def is_registration_open(self, now: dt.datetime) -> bool:
        """Whether people may sign up at `now` (aware); closed meetings never take sign-ups.

        Without a closing moment, sign-up stays open through the start date in the foundation's
        time zone: an activity has no start time, so an evening event can still be joined that day.
        """
        if self.is_closed or self.is_draft:
            return False
        if self.registration_closes_at is not None:
            return now < self.registration_closes_at
        return timezone.localdate(now) <= self.starts_on

    def is_cancellation_open(self, now: dt.datetime) -> bool:
        """Whether a participant may still cancel at `now`: through the start date in the
        foundation's time zone; after that, attendance is what counts."""
        return timezone.localdate(now) <= self.starts_on

    def seats_left_of(self, seats_taken: int) -> int | None:
        """Seats still free when `seats_taken` are held (never below 0); None: no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - seats_taken, 0)

    def price_for(self, participant_type: str) -> Decimal:
        """What a participant of this type pays: freelancers the freelancer price, if any."""
        if (
            participant_type == ParticipantType.FREELANCER
            and self.freelancer_price_amount is not None
        ):
            return self.freelancer_price_amount
        return self.price_amount


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


# The status groups and transitions: the one table every service and selector reads.
# Holding one of the activity's seats. A no-show keeps the seat it did not use: marking one
# at the door gives nobody a seat (the event is under way), and correcting it back to
# registered or attended can never seat more people than there are seats.
SEAT_STATUSES = frozenset(
    {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW}
)
# On the door list: everyone who had a seat when the activity began.
CHECKIN_STATUSES = SEAT_STATUSES
# A seat or a place in the queue can be given up; recorded attendance cannot.
CANCELLABLE_STATUSES = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED})
# What attendance at the door may set.
ATTENDANCE_STATUSES = frozenset(
    {RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW, RegistrationStatus.REGISTERED}
)

# Which status may follow which. A move into a seat from outside the door list (waitlisted,
# cancelled) needs a free seat, and the waiting list goes first (services.seats).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # Not back to the waiting list: the free seat would go to the first waiting, this one.
    RegistrationStatus.REGISTERED: frozenset(
        {RegistrationStatus.CANCELLED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW}
    ),
    RegistrationStatus.WAITLISTED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.CANCELLED}
    ),
    # Signing up again after cancelling: a seat while one is free, else the back of the queue.
    RegistrationStatus.CANCELLED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED}
    ),
    # Corrections at the door.
    RegistrationStatus.ATTENDED: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.NO_SHOW}
    ),
    RegistrationStatus.NO_SHOW: frozenset(
        {RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED}
    ),
}


def is_allowed_transition(old: str, new: str) -> bool:
    """Whether a registration may move from status `old` to `new` (staying put is allowed)."""
    return old == new or new in ALLOWED_TRANSITIONS.get(old, frozenset())


def needs_free_seat(old: str, new: str) -> bool:
    """Whether moving from `old` to `new` takes a seat that was not this registration's."""
    return new in SEAT_STATUSES and old not in SEAT_STATUSES


class RegistrationSource(models.TextChoices):
    FORM = "form", _("Registration form")
    IMPORT = "import", _("Import")
    STAFF = "staff", _("Staff")
    API = "api", _("API")


class Registration(TimeStampedModel):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    price_amount = models.DecimalField(
        _("price paid"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.STAFF,
    )
    registered_at = models.DateTimeField(_("registered at"))
    # The language the person used on the site: their mail goes out in it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        db_default="",
    )

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], name="activities_registration_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="activities_registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.activity}"


# Report tallies. The participants report counts attended registrations of open activities per
# category and period, and distinct persons; on millions of registrations that is too slow to
# compute from the raw rows for every report (docs/decisions/0006-report-aggregates.md). These
# tables hold the same figures pre-counted. Database triggers queue every change that may alter
# them (`TallyChange`) whatever code writes, and `tallies.refresh_tallies` folds the queue in
# before any figure is read, so the tallies never lag behind the registrations they summarise.


class TallyChange(models.Model):
    """A person and a day whose counted figures may have changed; written by triggers only."""

    id = models.BigAutoField(primary_key=True)
    person_id = models.BigIntegerField(verbose_name=_("person number"))
    day = models.DateField(verbose_name=_("day"))

    class Meta:
        verbose_name = _("tally change")

    def __str__(self) -> str:
        return f"change {self.pk}: {self.day}"


class FirstAttendance(models.Model):
    """The first day in a year on which a person attended an open activity of a category."""

    id = models.BigAutoField(primary_key=True)
    person_id = models.BigIntegerField(verbose_name=_("person number"))
    category = models.CharField(verbose_name=_("category"), max_length=20, blank=True)
    year = models.SmallIntegerField(verbose_name=_("year"))
    first_on = models.DateField(verbose_name=_("first attended on"))

    class Meta:
        verbose_name = _("first attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["person_id", "year", "category"],
                name="activities_firstattendance_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category or '-'}: {self.first_on}"


class DailyAttendance(models.Model):
    """Attended registrations of open activities of a category that started on a day."""

    id = models.BigAutoField(primary_key=True)
    category = models.CharField(verbose_name=_("category"), max_length=20, blank=True)
    day = models.DateField(verbose_name=_("day"))
    participations = models.IntegerField(verbose_name=_("participations"))

    class Meta:
        verbose_name = _("daily attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "category"], name="activities_dailyattendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category or '-'}: {self.participations}"


class DailyFirstAttendance(models.Model):
    """Persons whose first attendance of the year in a set of categories fell on a day.

    `category_set` is a category value (empty: no category), `*categorised` (any category) or
    `*all` (every activity). Persons of a year through a date are then the sum of these rows
    from 1 January to that date.
    """

    id = models.BigAutoField(primary_key=True)
    category_set = models.CharField(verbose_name=_("categories"), max_length=20, blank=True)
    day = models.DateField(verbose_name=_("day"))
    persons = models.IntegerField(verbose_name=_("persons"))

    class Meta:
        verbose_name = _("daily first attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["category_set", "day"], name="activities_dailyfirstattendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category_set or '-'}: {self.persons}"
