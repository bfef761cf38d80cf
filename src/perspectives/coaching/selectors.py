"""Reads of coaching trajectories."""

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.selectors import list_member_object_ids, may_see_as_member
from perspectives.accounts.models import Role
from perspectives.core.access import access_object

from .models import Trajectory, TrajectoryStatus

COUNTED_STATUSES = (TrajectoryStatus.ACTIVE, TrajectoryStatus.COMPLETED)


def may_see_trajectory(user, trajectory: Trajectory) -> bool:
    """Foundation staff see every trajectory; a coach the ones they coach; nobody else."""
    return may_see_as_member(user, trajectory, kind=MembershipKind.COACH_TRAJECTORY)


def visible_trajectories(*, user) -> QuerySet[Trajectory]:
    """The trajectories `may_see_trajectory` lets this user see, as one queryset."""
    trajectories = Trajectory.objects.all()
    if getattr(user, "is_authenticated", False) and getattr(user, "is_foundation_staff", False):
        return trajectories
    return trajectories.filter(
        pk__in=list_member_object_ids(user=user, kind=MembershipKind.COACH_TRAJECTORY)
    )


def access_trajectory(*, user, trajectory_id: int) -> Trajectory:
    """One trajectory with its person; 404 when missing or not this user's to see."""
    return access_object(
        user=user,
        queryset=Trajectory.objects.select_related("person"),
        object_id=trajectory_id,
        kind="trajectory",
        may_see=may_see_trajectory,
    )


def list_trajectories(
    *,
    user,
    kind: str = "",
    status: str = "",
    year: int | None = None,
    person=None,
    search: str = "",
) -> QuerySet[Trajectory]:
    """The trajectories this user may see, with their person, filtered as the list offers.

    search: every word in the person's name or e-mail address, or in the coach's name.
    """
    trajectories = visible_trajectories(user=user).select_related("person")
    for term in search.split():
        trajectories = trajectories.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__email__icontains=term)
            | Q(coach_name__icontains=term)
        )
    if kind:
        trajectories = trajectories.filter(kind=kind)
    if status:
        trajectories = trajectories.filter(status=status)
    if year:
        trajectories = trajectories.filter(started_on__year=year)
    if person is not None:
        trajectories = trajectories.filter(person=person)
    return trajectories


def get_trajectory(*, trajectory_id: int) -> Trajectory:
    """One trajectory; raises Trajectory.DoesNotExist."""
    return Trajectory.objects.select_related("person").get(pk=trajectory_id)


def list_trajectory_years(*, user) -> list[int]:
    """The years in which trajectories this user may see started, newest first."""
    dates = visible_trajectories(user=user).dates("started_on", "year")
    return sorted({d.year for d in dates}, reverse=True)


def may_use_coaching_pages(user) -> bool:
    """Foundation staff and coaches; a coach's pages show only their own trajectories."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_foundation_staff", False)) or user.role == Role.COACH


def coach_landing(user) -> str | None:
    """Coaches land on their trajectories (see core.registry.login_landings)."""
    is_coach = getattr(user, "is_authenticated", False) and user.role == Role.COACH
    return reverse("coaching:trajectory-list") if is_coach else None


def list_counted_trajectories(
    *, kinds: list[str], statuses: list[str], start: dt.date, last_day: dt.date
) -> QuerySet[Trajectory]:
    """Trajectories of these kinds and statuses that started within [start, last_day]."""
    return Trajectory.objects.filter(
        kind__in=kinds, status__in=statuses, started_on__gte=start, started_on__lte=last_day
    )


def count_trajectories_per_range(
    *, kinds: list[str], statuses: list[str], ranges: dict[str, tuple[dt.date, dt.date]]
) -> dict[str, dict]:
    """Per labelled date range: trajectories started, distinct persons and latest change.

    One query for all ranges: a conditional aggregate per range.
    """
    base = Trajectory.objects.filter(kind__in=kinds, status__in=statuses)
    aggregates = {}
    for index, (start, last_day) in enumerate(ranges.values()):
        within = Q(started_on__gte=start, started_on__lte=last_day)
        aggregates[f"n{index}"] = Count("id", filter=within)
        aggregates[f"p{index}"] = Count("person_id", filter=within, distinct=True)
        aggregates[f"u{index}"] = Max("updated_at", filter=within)
    result = base.aggregate(**aggregates) if aggregates else {}
    return {
        label: {
            "participations": result[f"n{index}"] or 0,
            "persons": result[f"p{index}"] or 0,
            "latest_change": result[f"u{index}"],
        }
        for index, label in enumerate(ranges)
    }
