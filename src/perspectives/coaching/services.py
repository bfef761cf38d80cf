"""Writes of coaching trajectories. Only these functions change the tables of this app."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from perspectives.accounts.models import User
from perspectives.core.services import log_action, log_changes
from perspectives.people.models import Person

from .models import Trajectory, TrajectoryStatus


class TrajectoryError(Exception):
    """A trajectory cannot be changed as asked."""


@transaction.atomic
def start_trajectory(
    *,
    person: Person,
    kind: str,
    started_on: dt.date,
    coach_name: str = "",
    goal: str = "",
    actor: User | None = None,
) -> Trajectory:
    """Start a coaching trajectory; raises ValidationError on invalid data."""
    trajectory = Trajectory(
        person=person,
        kind=kind,
        started_on=started_on,
        coach_name=coach_name.strip(),
        goal=goal.strip(),
    )
    trajectory.full_clean()
    trajectory.save()
    log_action(
        action="coaching.trajectory.started",
        actor=actor,
        target=trajectory,
        data={"kind": kind, "started_on": started_on.isoformat()},
    )
    return trajectory


EDITABLE_FIELDS = ("kind", "started_on", "coach_name", "goal")


@transaction.atomic
def update_trajectory(
    *,
    trajectory: Trajectory,
    kind: str,
    started_on: dt.date,
    coach_name: str = "",
    goal: str = "",
    actor: User | None = None,
) -> Trajectory:
    """Change what a trajectory is about (its status changes by completing or cancelling it).

    Raises ValidationError on invalid data (a start after its end, say); the audit log keeps
    each changed field's old and new value.
    """
    before = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    trajectory.kind = kind
    trajectory.started_on = started_on
    trajectory.coach_name = coach_name.strip()
    trajectory.goal = goal.strip()
    try:
        trajectory.full_clean()
    except ValidationError:
        for name in EDITABLE_FIELDS:
            setattr(trajectory, name, getattr(before, name))
        raise
    trajectory.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    log_changes(
        action="coaching.trajectory.changed",
        actor=actor,
        target=trajectory,
        before=before,
        fields=EDITABLE_FIELDS,
    )
    return trajectory


def _end_trajectory(
    *, trajectory: Trajectory, ended_on: dt.date, status: str, action: str, actor: User
) -> Trajectory:
    # Locked so that two staff members cannot end the same trajectory twice.
    current = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if current.status != TrajectoryStatus.ACTIVE:
        raise TrajectoryError(
            _("Only an active trajectory can be ended; this one is %(status)s.")
            % {"status": current.get_status_display()}
        )
    trajectory.status = status
    trajectory.ended_on = ended_on
    try:
        trajectory.full_clean()
    except ValidationError:
        trajectory.status, trajectory.ended_on = current.status, current.ended_on
        raise
    trajectory.save(update_fields=["status", "ended_on", "updated_at"])
    log_action(
        action=action,
        actor=actor,
        target=trajectory,
        data={"changes": {"status": [current.status, status]}, "ended_on": ended_on.isoformat()},
    )
    return trajectory


@transaction.atomic
def complete_trajectory(
    *, trajectory: Trajectory, ended_on: dt.date, actor: User | None = None
) -> Trajectory:
    """Close an active trajectory as completed; raises TrajectoryError if it is not active."""
    return _end_trajectory(
        trajectory=trajectory,
        ended_on=ended_on,
        status=TrajectoryStatus.COMPLETED,
        action="coaching.trajectory.completed",
        actor=actor,
    )


@transaction.atomic
def cancel_trajectory(
    *, trajectory: Trajectory, ended_on: dt.date, actor: User | None = None
) -> Trajectory:
    """Close an active trajectory as cancelled (it stops counting by default)."""
    return _end_trajectory(
        trajectory=trajectory,
        ended_on=ended_on,
        status=TrajectoryStatus.CANCELLED,
        action="coaching.trajectory.cancelled",
        actor=actor,
    )
