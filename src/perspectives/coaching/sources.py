"""The indicator source `coaching.trajectories` (see perspectives.core.indicators)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from perspectives.core.indicators import PARTICIPATIONS, PERSONS, SourceCount
from perspectives.core.periods import Period

from .models import TrajectoryKind, TrajectoryStatus
from .selectors import COUNTED_STATUSES, count_trajectories_per_range, list_counted_trajectories

PARAMS = {"kinds", "statuses"}


class TrajectorySource:
    """Coaching trajectories counted in the period in which they started.

    Params: `kinds` (required list of `career`/`business`), `statuses` (default active and
    completed: a cancelled trajectory does not count).
    """

    key = "coaching.trajectories"
    label = _("Coaching trajectories")
    counts_people = True

    def validate_params(self, params: dict[str, Any]) -> None:
        unknown = set(params) - PARAMS
        if unknown:
            raise ValueError(f"{self.key}: unknown parameters {sorted(unknown)}")
        kinds = params.get("kinds")
        if not isinstance(kinds, list) or not kinds:
            raise ValueError(f"{self.key}: 'kinds' must be a non-empty list")
        bad = [kind for kind in kinds if kind not in TrajectoryKind.values]
        if bad:
            raise ValueError(f"{self.key}: unknown kinds {bad}")
        statuses = params.get("statuses", list(COUNTED_STATUSES))
        if not isinstance(statuses, list) or not statuses:
            raise ValueError(f"{self.key}: 'statuses' must be a non-empty list")
        bad = [status for status in statuses if status not in TrajectoryStatus.values]
        if bad:
            raise ValueError(f"{self.key}: unknown statuses {bad}")

    def _resolved(self, params: dict[str, Any]) -> tuple[list[str], list[str]]:
        self.validate_params(params)
        return list(params["kinds"]), list(params.get("statuses", list(COUNTED_STATUSES)))

    def describe(self, params: dict[str, Any], *, language: str = "nl") -> str:
        kinds, statuses = self._resolved(params)
        with translation.override(language):
            kind_names = ", ".join(str(TrajectoryKind(kind).label).lower() for kind in kinds)
            status_names = ", ".join(
                str(TrajectoryStatus(status).label).lower() for status in statuses
            )
            return gettext(
                "Coaching trajectories (%(kinds)s) with status %(statuses)s, counted in the "
                "period in which they started."
            ) % {"kinds": kind_names, "statuses": status_names}

    def measure(self, params: dict[str, Any], *, unit: str, language: str = "nl") -> str:
        with translation.override(language):
            return gettext("Participants") if unit == PERSONS else gettext("Trajectories")

    def count(
        self, *, periods: list[Period], params: dict[str, Any], unit: str
    ) -> dict[str, SourceCount]:
        if unit not in (PARTICIPATIONS, PERSONS):
            raise ValueError(f"{self.key}: unknown unit {unit!r}")
        kinds, statuses = self._resolved(params)
        counts = count_trajectories_per_range(
            kinds=kinds,
            statuses=statuses,
            ranges={period.label: (period.start, period.last_day) for period in periods},
        )
        method = gettext("coaching trajectories started (%(kinds)s)") % {"kinds": ", ".join(kinds)}
        return {
            label: SourceCount(
                value=figures[unit],
                method=method,
                details={
                    "participations": figures["participations"],
                    "persons": figures["persons"],
                },
            )
            for label, figures in counts.items()
        }

    def person_ids(self, *, period: Period, params: dict[str, Any]) -> QuerySet | None:
        kinds, statuses = self._resolved(params)
        return list_counted_trajectories(
            kinds=kinds, statuses=statuses, start=period.start, last_day=period.last_day
        ).values_list("person_id", flat=True)

    def fingerprint(self, *, periods: list[Period], params: dict[str, Any]) -> dict[str, Any]:
        kinds, statuses = self._resolved(params)
        counts = count_trajectories_per_range(
            kinds=kinds,
            statuses=statuses,
            ranges={period.label: (period.start, period.last_day) for period in periods},
        )
        return {
            label: {
                "rows": figures["participations"],
                "latest_change": figures["latest_change"].isoformat()
                if figures["latest_change"]
                else None,
            }
            for label, figures in counts.items()
        }
