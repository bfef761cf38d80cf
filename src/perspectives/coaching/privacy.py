"""Coaching's part of the personal-data inventory, export, erasure and retention."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    COACH,
    CONTRACT,
    IDENTIFYING,
    PARTICIPANT,
    PSEUDONYMOUS,
    FieldUse,
    export_fields,
    uses,
)

from .models import Trajectory, TrajectoryStatus

WHO_SEES_COACHING = (*BACK_OFFICE, COACH, PARTICIPANT)

TRAJECTORY_FIELDS = {
    **uses(["id", "created_at", "updated_at"], BOOKKEEPING),
    **uses(
        ["person", "kind", "status", "started_on", "ended_on"],
        FieldUse(
            PSEUDONYMOUS,
            gettext_noop("run the coaching; count coached people for funders"),
            CONTRACT,
            AS_LONG_AS_RECORD,
            WHO_SEES_COACHING,
        ),
    ),
    "coach_name": FieldUse(
        IDENTIFYING,
        gettext_noop("know who coaches (the coach's name, not the participant's)"),
        CONTRACT,
        AS_LONG_AS_RECORD,
        WHO_SEES_COACHING,
    ),
    "goal": FieldUse(
        IDENTIFYING,
        gettext_noop("the coaching goal in the participant's words (free text)"),
        CONTRACT,
        "RETENTION_PERSON_INACTIVE_DAYS",
        WHO_SEES_COACHING,
    ),
}


def export_trajectories(*, person) -> dict[str, Any]:
    rows = [export_fields(t, TRAJECTORY_FIELDS) for t in Trajectory.objects.filter(person=person)]
    return {"coaching_trajectories": rows}


def erase_trajectory_text(*, people, now: dt.datetime) -> None:
    """Blank the free text; the trajectory itself is counted in reports and stays.

    A queryset update leaves `updated_at` alone, so the reports' input fingerprints hold.
    """
    Trajectory.objects.filter(person__in=people).exclude(goal="").update(goal="")


def recent_person_ids(*, since: dt.date):
    """People coached now, or whose trajectory started or ended on or after `since`."""
    return (
        Trajectory.objects.filter(
            Q(status=TrajectoryStatus.ACTIVE) | Q(started_on__gte=since) | Q(ended_on__gte=since)
        )
        .values("person_id")
        .distinct()
    )
