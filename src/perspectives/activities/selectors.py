"""Reads of activities and registrations."""

from django.db.models import Count, Q, QuerySet

from .models import Activity, Registration, RegistrationStatus


def list_activities(
    *,
    search: str = "",
    year: int | None = None,
    type: str = "",
    pillar: str = "",
    category: str = "",
    is_closed: bool | None = None,
) -> QuerySet[Activity]:
    """Activities filtered as the staff list offers, with counts of registrations by status."""
    activities = Activity.objects.select_related("organiser").annotate(
        registration_count=Count(
            "registrations", filter=~Q(registrations__status=RegistrationStatus.CANCELLED)
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
    return activities


def get_activity(*, activity_id: int) -> Activity:
    """One activity; raises Activity.DoesNotExist."""
    return Activity.objects.select_related("organiser").get(pk=activity_id)


def list_activity_years() -> list[int]:
    """The years in which activities start, newest first."""
    return sorted({d.year for d in Activity.objects.dates("starts_on", "year")}, reverse=True)


def list_registrations(*, activity: Activity | None = None, person=None) -> QuerySet[Registration]:
    """Registrations with their person and activity, for one activity or one person."""
    registrations = Registration.objects.select_related("person", "activity")
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
