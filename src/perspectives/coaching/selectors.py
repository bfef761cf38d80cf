"""Reads of coaching trajectories."""

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet

from .models import Trajectory, TrajectoryStatus

COUNTED_STATUSES = (TrajectoryStatus.ACTIVE, TrajectoryStatus.COMPLETED)


def list_trajectories(
    *, kind: str = "", status: str = "", year: int | None = None, person=None
) -> QuerySet[Trajectory]:
    """Trajectories with their person, filtered as the staff list offers."""
    trajectories = Trajectory.objects.select_related("person")
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


def list_trajectory_years() -> list[int]:
    """The years in which trajectories started, newest first."""
    return sorted({d.year for d in Trajectory.objects.dates("started_on", "year")}, reverse=True)


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
