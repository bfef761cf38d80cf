"""The contract between `impact` and the apps whose records indicators count.

An app contributes a source by listing an object that follows `IndicatorSource` in the
`indicator_sources` of its `contributions` module (see perspectives.core.registry). `impact`
reads the registry and never imports the contributing app. A source may also have any of the
optional capabilities below (`PreCountedFigures`, `PeriodLabelledPersons`,
`PreCountedPersons`); callers ask with `isinstance(source, Capability)`.

Parameters (`params`) are the JSON-safe dict stored in an indicator's versioned definition, e.g.
{"categories": ["starters"], "statuses": ["attended"], "include_closed": false}; each source
documents which keys it understands and rejects unknown ones in `validate_params`.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from django.db.models import QuerySet

from .periods import Period

PARTICIPATIONS = "participations"
PERSONS = "persons"


@dataclass(frozen=True)
class SourceCount:
    """One figure from a source for one period, with how it was measured."""

    value: int
    method: str = ""  # e.g. "attended registrations" or "imported: Google Analytics export"
    details: dict[str, Any] = field(default_factory=dict)


class IndicatorSource(Protocol):
    key: str  # registry key, e.g. "activities.registrations"
    label: str  # human-readable, translatable
    counts_people: bool  # False for sources without persons (e.g. online visitors)

    def validate_params(self, params: dict[str, Any]) -> None:
        """Raise ValueError for parameters this source does not understand."""

    def describe(self, params: dict[str, Any], *, language: str = "nl") -> str:
        """The definition in words, printed under the figures of a report."""

    def measure(self, params: dict[str, Any], *, unit: str, language: str = "nl") -> str:
        """What one counted unit is, as a chart's axis names it ('Deelnames', 'Bezoekers').

        `unit` is PARTICIPATIONS or PERSONS; a source that counts no people (online visitors)
        names the same thing under both.
        """

    def count(
        self, *, periods: list[Period], params: dict[str, Any], unit: str
    ) -> dict[str, SourceCount]:
        """The figure per period label; `unit` is PARTICIPATIONS or PERSONS."""

    def person_ids(self, *, period: Period, params: dict[str, Any]) -> QuerySet | None:
        """A values_list('person_id') queryset of the persons counted (None if not people)."""

    def fingerprint(self, *, periods: list[Period], params: dict[str, Any]) -> dict[str, Any]:
        """A JSON-safe digest of the counted inputs (row count, latest change) per period."""


@runtime_checkable
class PreCountedFigures(Protocol):
    """A source that keeps figures pre-counted and brings them up to date on request.

    `refresh` writes, so only a service calls it (impact's `refresh_report_figures`, before a
    report is built); the counting methods only read the figures as they stand.
    """

    def refresh(self) -> None:
        """Bring the pre-counted figures up to date with every committed record."""


@runtime_checkable
class PeriodLabelledPersons(Protocol):
    """A source that labels its persons with their period in one query.

    The report then scans the source once for all periods instead of once per period.
    """

    def person_periods(self, *, periods: list[Period], params: dict[str, Any]) -> QuerySet:
        """values_list(period label, person_id) of everyone counted, all periods at once."""


@runtime_checkable
class PreCountedPersons(Protocol):
    """A source that keeps persons pre-counted, so that distinct persons need no scan."""

    def distinct_persons(
        self, *, periods: list[Period], params_list: list[dict[str, Any]], others: list[QuerySet]
    ) -> dict[str, int] | None:
        """Distinct persons per period label counted under any of `params_list`, together
        with the (period label, person_id) querysets of other sources in `others`; None when
        it cannot answer, and the report then counts from `person_periods`/`person_ids`."""
