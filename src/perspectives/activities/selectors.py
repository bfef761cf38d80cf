"""Reads of activities and registrations."""

import functools
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Count, Q, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from perspectives.core.access import access_object, foundation_staff_only

from .models import CHECKIN_STATUSES, SEAT_STATUSES, Activity, Registration, RegistrationStatus


def list_activities(
    *,
    search: str = "",
    year: int | None = None,
    type: str = "",
    pillar: str = "",
    category: str = "",
    is_closed: bool | None = None,
    is_draft: bool | None = None,
) -> QuerySet[Activity]:
    """Activities filtered as the staff list offers, with counts of registrations by status:
    `seat_count` (seats taken) and `waiting_count` (the waiting list) apart."""
    activities = Activity.objects.select_related("organiser").annotate(
        registration_count=Count(
            "registrations", filter=~Q(registrations__status=RegistrationStatus.CANCELLED)
        ),
        seat_count=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES)),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        attended_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
        ),
    )
    for term in search.split():
        activities = activities.filter(Q(title__icontains=term) | Q(code__icontains=term))
    if year:
        activities = activities.filter(starts_on__year=year)
    if type:
        activities = activities.filter(type=type)
    if pillar:
        activities = activities.filter(pillar=pillar)
    if category == "none":
        activities = activities.filter(category="")
    elif category:
        activities = activities.filter(category=category)
    if is_closed is not None:
        activities = activities.filter(is_closed=is_closed)
    if is_draft is not None:
        activities = activities.filter(is_draft=is_draft)
    return activities


def get_activity(*, activity_id: int) -> Activity:
    """One activity; raises Activity.DoesNotExist."""
    return Activity.objects.select_related("organiser").get(pk=activity_id)


def access_activity(*, user, activity_id: int) -> Activity:
    """One activity, for staff; 404 when missing or not allowed."""
    return access_object(
        user=user,
        queryset=Activity.objects.select_related("organiser"),
        object_id=activity_id,
        kind="activity",
        may_see=foundation_staff_only,
    )


def list_activity_years() -> list[int]:
    """The years in which activities start, newest first."""
    return sorted({d.year for d in Activity.objects.dates("starts_on", "year")}, reverse=True)


def list_registrations(
    *, activity: Activity | None = None, person=None, search: str = ""
) -> QuerySet[Registration]:
    """Registrations with their person and activity, for one activity or one person.

    search: every word in the person's name or e-mail address.
    """
    registrations = Registration.objects.select_related("person", "activity")
    for term in search.split():
        registrations = registrations.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__email__icontains=term)
        )
    if activity is not None:
        registrations = registrations.filter(activity=activity).order_by(
            "person__last_name", "person__first_name"
        )
    if person is not None:
        registrations = registrations.filter(person=person).order_by("-activity__starts_on")
    return registrations


def count_registrations_by_status(*, activity: Activity) -> dict[str, int]:
    """{status: count} for one activity, every status present."""
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    for row in (
        Registration.objects.filter(activity=activity).values("status").annotate(n=Count("id"))
    ):
        counts[row["status"]] = row["n"]
    return counts


def get_registration(*, activity: Activity, registration_id: int) -> Registration:
    """One registration of this activity; raises Registration.DoesNotExist for any other id."""
    return Registration.objects.select_related("person").get(activity=activity, pk=registration_id)


def list_upcoming_activities(*, from_date, limit: int = 5) -> QuerySet[Activity]:
    """The next activities starting on or after a date, soonest first, with their counts."""
    return list_activities().filter(starts_on__gte=from_date).order_by("starts_on", "code")[:limit]


def count_activity_year(*, year: int) -> dict[str, int]:
    """Activities starting in a year and their attended registrations (closed ones included)."""
    return Activity.objects.filter(starts_on__year=year).aggregate(
        activities=Count("id", distinct=True),
        attended=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
        ),
    )


def count_confirmed_seats(*, activity: Activity) -> int:
    """Seats taken: registrations in a SEAT_STATUSES status."""
    return Registration.objects.filter(activity=activity, status__in=SEAT_STATUSES).count()


# Placeholders only: the statuses travel as parameters. Both parts read the (activity, status)
# index: the seats taken are at most the capacity, and whether anyone waits is one entry.
COUNT_SEATS_AND_WAITING = (  # noqa: S608
    "SELECT (SELECT COUNT(*) FROM activities_registration"
    " WHERE activity_id = %s AND status IN ({seats})),"
    " EXISTS (SELECT 1 FROM activities_registration WHERE activity_id = %s AND status = %s)"
).format(seats=", ".join(["%s"] * len(SEAT_STATUSES)))


def count_seats_and_waiting(*, activity: Activity) -> tuple[int, bool]:
    """(seats taken, whether anyone waits) of one activity, in one query.

    Every sign-up asks this under the activity's lock, so it is one fixed statement: the ORM
    spent several times the database's time on building it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            COUNT_SEATS_AND_WAITING,
            [activity.pk, *SEAT_STATUSES, activity.pk, RegistrationStatus.WAITLISTED],
        )
        taken, waiting = cursor.fetchone()
    return int(taken), bool(waiting)


def seats_left(*, activity: Activity) -> int | None:
    """Seats still free (never below 0); None when the activity has no capacity limit."""
    if activity.capacity is None:
        return None
    return activity.seats_left_of(count_confirmed_seats(activity=activity))


def list_waiting_list(*, activity: Activity) -> QuerySet[Registration]:
    """The waiting list in its order: first registered first, ties by id."""
    return (
        Registration.objects.filter(activity=activity, status=RegistrationStatus.WAITLISTED)
        .select_related("person")
        .order_by("registered_at", "id")
    )


def list_next_in_line(
    *, activity: Activity, leaving: Registration | None = None
) -> list[Registration]:
    """Who the free seats go to, first of the waiting list first: now, or once `leaving` has
    given up its place (its seat is free then, its place in the queue gone).

    The one answer to "who moves up": services.seats.promote_waiting moves these, and the
    staff's confirmation of a cancellation shows them beforehand.
    """
    if activity.capacity is None:
        free = None
    else:
        seats = Registration.objects.filter(activity=activity, status__in=SEAT_STATUSES)
        if leaving is not None:
            seats = seats.exclude(pk=leaving.pk)
        free = activity.seats_left_of(seats.count())
        if free == 0:
            return []
    queue = list_waiting_list(activity=activity)
    if leaving is not None:
        queue = queue.exclude(pk=leaving.pk)
    return list(queue if free is None else queue[:free])


@dataclass(frozen=True)
class SeatCount:
    """Seats taken and people waiting, apart: the waiting list never takes a seat."""

    taken: int
    waiting: int
    capacity: int | None


def count_seats(*, activity: Activity) -> SeatCount:
    """Seats taken (SEAT_STATUSES) and people on the waiting list of one activity."""
    counts = Registration.objects.filter(activity=activity).aggregate(
        taken=Count("id", filter=Q(status__in=SEAT_STATUSES)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return SeatCount(taken=counts["taken"], waiting=counts["waiting"], capacity=activity.capacity)


# The public site. Closed meetings and drafts are never public: every public read goes through
# public_activities(), so no page, feed or figure of the public can show one by accident.


def public_activities() -> QuerySet[Activity]:
    """The one gate of what the public may see: never a closed meeting, never a draft."""
    return Activity.objects.filter(is_closed=False, is_draft=False)


def list_public_activities(
    *,
    from_date=None,
    search: str = "",
    type: str = "",
    pillar: str = "",
    is_online: bool | None = None,
    month: tuple[int, int] | None = None,
) -> QuerySet[Activity]:
    """Activities the public may see (never closed meetings), soonest first, with seats taken.

    from_date: only those starting on or after it; month: (year, month) of the start date.
    """
    activities = (
        public_activities()
        .select_related("organiser")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status__in=SEAT_STATUSES)
            )
        )
        .order_by("starts_on", "code")
    )
    if from_date is not None:
        activities = activities.filter(starts_on__gte=from_date)
    for term in search.split():
        activities = activities.filter(Q(title__icontains=term) | Q(description__icontains=term))
    if type:
        activities = activities.filter(type=type)
    if pillar:
        activities = activities.filter(pillar=pillar)
    if is_online is not None:
        activities = activities.filter(is_online=is_online)
    if month is not None:
        activities = activities.filter(starts_on__year=month[0], starts_on__month=month[1])
    return activities


def list_public_months(*, from_date) -> list[tuple[int, int]]:
    """(year, month) pairs in which upcoming public activities start, soonest first."""
    return [
        (day.year, day.month)
        for day in public_activities().filter(starts_on__gte=from_date).dates("starts_on", "month")
    ]


def list_upcoming_public_activities(*, today) -> QuerySet[Activity]:
    """Public activities starting today or later, soonest first, with `confirmed_count`."""
    return list_public_activities(from_date=today)


def get_public_activity(*, code: str) -> Activity:
    """One activity by code as the public sees it, with `confirmed_count`; raises
    Activity.DoesNotExist for closed ones."""
    return list_public_activities().get(code=code)


def get_public_activity_to_sign_up(*, code: str = "", activity_id: int | None = None) -> Activity:
    """One public activity by code or id, without counts: what a sign-up reads first. Raises
    Activity.DoesNotExist.

    The statement is public_activities()'s, built by the ORM once per process and lookup
    (`_sign_up_statement`): on this hottest of paths building it cost five times what the
    database took to answer it.
    """
    lookup, value = ("code", code) if activity_id is None else ("pk", activity_id)
    statement, template, position, compiler = _sign_up_statement(lookup, connection.vendor)
    params = [*template[:position], value, *template[position + 1 :]]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        raise Activity.DoesNotExist(f"no public activity {value!r}")
    # The ORM's own converters (dates, decimals, aware datetimes on SQLite), as for its results.
    values = dict(zip(SIGN_UP_FIELDS, next(compiler.results_iter(results=[[row]])), strict=True))
    names = [f.attname for f in Activity._meta.concrete_fields if f.attname in values]
    return Activity.from_db(connection.alias, names, [values[name] for name in names])


_LOOKUP_MARKERS = {"code": "\x00sign-up-code", "pk": -918273645}


@functools.cache
def _sign_up_statement(lookup: str, vendor: str) -> tuple[str, tuple, int, SQLCompiler]:
    """(SQL, parameters, position of the looked-up value, compiler) of the sign-up's read."""
    marker = _LOOKUP_MARKERS[lookup]
    queryset = public_activities().filter(**{lookup: marker}).values_list(*SIGN_UP_FIELDS)
    compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
    statement, params = compiler.as_sql()
    return statement, tuple(params), list(params).index(marker), compiler


# What a sign-up reads of its activity; anything else loads on first use.
SIGN_UP_FIELDS = (
    "id",
    "code",
    "title",
    "starts_on",
    "is_closed",
    "is_draft",
    "capacity",
    "registration_closes_at",
    "requires_email_confirmation",
    "price_amount",
    "freelancer_price_amount",
)


def list_checkin_registrations(*, activity: Activity, search: str = "") -> QuerySet[Registration]:
    """Who holds a seat (registered, attended, no-show), filtered by name or e-mail, by name."""
    registrations = (
        Registration.objects.filter(activity=activity, status__in=CHECKIN_STATUSES)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    for term in search.split():
        registrations = registrations.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__email__icontains=term)
        )
    return registrations


def count_checkin(*, activity: Activity) -> dict[str, int]:
    """Check-in figures: expected (every seat holder), present and no-show."""
    return Registration.objects.filter(activity=activity).aggregate(
        expected=Count("id", filter=Q(status__in=CHECKIN_STATUSES)),
        present=Count("id", filter=Q(status=RegistrationStatus.ATTENDED)),
        no_show=Count("id", filter=Q(status=RegistrationStatus.NO_SHOW)),
    )


def get_registration_by_id(*, registration_id: int) -> Registration:
    """One registration with its person and activity; raises Registration.DoesNotExist."""
    return Registration.objects.select_related("person", "activity").get(pk=registration_id)


def get_waiting_list_position(*, registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            activity_id=registration.activity_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(registered_at__lt=registration.registered_at)
            | Q(registered_at=registration.registered_at, id__lt=registration.id)
        )
        .count()
    )
    return ahead + 1
