"""The `activities.registrations` indicator source: participations in activities.

Contributed to `perspectives.core.registry.indicator_sources` by `activities.contributions`, so
that `impact` counts registrations without importing this app. The categories it counts under
are declared there too (`reporting_categories`), with their names in both languages.

Parameters: `categories` (list of Category values; absent: every activity), `types` (list of
ActivityType values, optional), `statuses` (default ["attended"]), `include_closed` (default
false). A registration counts in a period when its activity's `starts_on` lies in the period
(`Period.start <= starts_on <= Period.last_day`).
"""

from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from perspectives.core.indicators import PERSONS, SourceCount
from perspectives.core.periods import Period, group_by_period
from perspectives.core.registry import list_reporting_categories

from .models import ActivityType, Category, Registration, RegistrationStatus
from .tallies import selectors as tallies
from .tallies.services import refresh_tallies
from .tallies.sql import ALL, CATEGORISED

DEFAULT_STATUSES = [RegistrationStatus.ATTENDED.value]
PARAMS = {"categories", "types", "statuses", "include_closed"}

# The definition in words is printed beside funders' figures in both languages, independent of
# the request's active translation.
WORDS = {
    "nl": {
        "registrations": "Inschrijvingen voor activiteiten",
        "category": "categorie",
        "type": "soort",
        "status": "status",
        "statuses": {
            "registered": "ingeschreven",
            "waitlisted": "wachtlijst",
            "cancelled": "afgemeld",
            "attended": "aanwezig",
            "no_show": "niet verschenen",
        },
        "closed_excluded": "besloten bijeenkomsten tellen niet",
        "closed_included": "besloten bijeenkomsten tellen mee",
        "date": "de startdatum van de activiteit bepaalt de periode",
        "all": "alle activiteiten",
        "measure": {"participations": "Deelnames", "persons": "Deelnemers"},
    },
    "en": {
        "registrations": "Registrations for activities",
        "category": "category",
        "type": "type",
        "status": "status",
        "statuses": {
            "registered": "registered",
            "waitlisted": "waiting list",
            "cancelled": "cancelled",
            "attended": "attended",
            "no_show": "no-show",
        },
        "closed_excluded": "closed meetings do not count",
        "closed_included": "closed meetings count",
        "date": "the activity's start date decides the period",
        "all": "every activity",
        "measure": {"participations": "Participations", "persons": "Participants"},
    },
}


def _check_list(params: dict[str, Any], key: str, allowed: list[str]) -> None:
    if key not in params:
        return
    values = params[key]
    if not isinstance(values, list) or not values:
        raise ValueError(f"{key} must be a non-empty list")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"{key}: unknown values {unknown}; allowed: {allowed}")


def _tallied_categories(params: dict[str, Any]) -> tuple[bool, list[str] | None]:
    """(whether the tallies can answer, the categories or None for every activity).

    The tallies hold the default counting rule only: attended, closed meetings excluded, any
    activity type. Other definitions are counted from the registrations themselves.
    """
    statuses = params.get("statuses") or DEFAULT_STATUSES
    if (
        set(statuses) != set(DEFAULT_STATUSES)
        or params.get("include_closed")
        or params.get("types")
    ):
        return False, None
    categories = params.get("categories")
    return True, (sorted(set(categories)) if categories else None)


def _category_set(params_list: list[dict[str, Any]]) -> str | None:
    """The tallied category set that counts the union of these definitions, or None."""
    union: set[str] = set()
    for params in params_list:
        tallied, categories = _tallied_categories(params)
        if not tallied:
            return None
        if categories is None:
            return ALL
        union.update(categories)
    if len(union) == 1:
        return union.pop()
    if union == set(Category.values):
        return CATEGORISED
    return None


class RegistrationsSource:
    key = "activities.registrations"
    label = "Activity registrations"
    counts_people = True

    def refresh(self) -> None:
        """Fold queued registration changes into the tallies (a write: services only)."""
        refresh_tallies()

    def validate_params(self, params: dict[str, Any]) -> None:
        if not isinstance(params, dict):
            raise ValueError("params must be an object")
        unknown = set(params) - PARAMS
        if unknown:
            raise ValueError(f"unknown parameters {sorted(unknown)}; allowed: {sorted(PARAMS)}")
        _check_list(params, "categories", [c.value for c in self.categories()])
        _check_list(params, "types", ActivityType.values)
        _check_list(params, "statuses", RegistrationStatus.values)
        if "include_closed" in params and not isinstance(params["include_closed"], bool):
            raise ValueError("include_closed must be true or false")

    def categories(self) -> list:
        """The reporting categories declared for this source (see activities.contributions)."""
        return list_reporting_categories(source=self.key)

    def describe(self, params: dict[str, Any], *, language: str = "nl") -> str:
        language = "en" if language.startswith("en") else "nl"
        words = WORDS[language]
        parts = []
        if params.get("categories"):
            declared = {c.value: c.words[language] for c in self.categories()}
            names = [declared.get(c, c) for c in params["categories"]]
            parts.append(f"{words['category']} {', '.join(names)}")
        else:
            parts.append(words["all"])
        if params.get("types"):
            parts.append(f"{words['type']} {', '.join(params['types'])}")
        statuses = params.get("statuses") or DEFAULT_STATUSES
        parts.append(
            f"{words['status']} {', '.join(words['statuses'].get(s, s) for s in statuses)}"
        )
        parts.append(
            words["closed_included"] if params.get("include_closed") else words["closed_excluded"]
        )
        parts.append(words["date"])
        return f"{words['registrations']}: {'; '.join(parts)}"

    def measure(self, params: dict[str, Any], *, unit: str, language: str = "nl") -> str:
        # A person at two activities is two participations but one participant.
        words = WORDS["en" if language.startswith("en") else "nl"]
        return words["measure"]["persons" if unit == PERSONS else "participations"]

    def _counted(self, params: dict[str, Any]) -> QuerySet[Registration]:
        registrations = Registration.objects.filter(
            status__in=params.get("statuses") or DEFAULT_STATUSES
        )
        if params.get("categories"):
            registrations = registrations.filter(activity__category__in=params["categories"])
        if params.get("types"):
            registrations = registrations.filter(activity__type__in=params["types"])
        if not params.get("include_closed", False):
            registrations = registrations.filter(activity__is_closed=False)
        return registrations

    def _by_period(self, periods: list[Period], params: dict[str, Any]) -> QuerySet:
        """The counted registrations of all periods, grouped by period label."""
        return group_by_period(
            self._counted(params), periods=periods, date_field="activity__starts_on"
        )

    def count(
        self, *, periods: list[Period], params: dict[str, Any], unit: str
    ) -> dict[str, SourceCount]:
        method = self.describe(params, language="en")
        result = {period.label: SourceCount(value=0, method=method) for period in periods}
        if not periods:
            return result
        tallied, categories = _tallied_categories(params)
        if tallied and unit != PERSONS:
            figures = tallies.sum_participations(periods=periods, categories=categories)
            return {label: SourceCount(value=n, method=method) for label, n in figures.items()}
        if unit == PERSONS:
            figures = self.distinct_persons(periods=periods, params_list=[params], others=[])
            if figures is not None:
                return {label: SourceCount(value=n, method=method) for label, n in figures.items()}
        aggregate = Count("person_id", distinct=True) if unit == PERSONS else Count("id")
        for row in self._by_period(periods, params).annotate(n=aggregate):
            result[row["period"]] = SourceCount(value=row["n"], method=method)
        return result

    def person_ids(self, *, period: Period, params: dict[str, Any]) -> QuerySet:
        return (
            self._counted(params)
            .filter(activity__starts_on__gte=period.start, activity__starts_on__lte=period.last_day)
            .values_list("person_id")
            .order_by()
        )

    def person_periods(self, *, periods: list[Period], params: dict[str, Any]) -> QuerySet:
        """(period label, person_id) of every counted registration, all periods in one scan."""
        return self._by_period(periods, params).values_list("period", "person_id")

    def distinct_persons(
        self, *, periods: list[Period], params_list: list[dict[str, Any]], others: list[QuerySet]
    ) -> dict[str, int] | None:
        """Distinct persons per period counted under any of `params_list` or listed in `others`.

        `others` are (period label, person_id) querysets of other sources. Answered from the
        tallies, or None when they cannot answer (a definition other than the default rule,
        an untallied mix of categories, a period that does not start on 1 January).
        """
        category_set = _category_set(params_list)
        if category_set is None or not all(tallies.is_year_to_date(p) for p in periods):
            return None
        figures = tallies.sum_persons(periods=periods, category_set=category_set)
        if others:
            categories = {ALL: None, CATEGORISED: list(Category.values)}.get(
                category_set, [category_set]
            )
            outside = tallies.count_persons_outside(
                periods=periods, categories=categories, others=others
            )
            figures = {label: n + outside[label] for label, n in figures.items()}
        return figures

    def fingerprint(self, *, periods: list[Period], params: dict[str, Any]) -> dict[str, Any]:
        digest: dict[str, Any] = {
            period.label: {"rows": 0, "id_sum": 0, "latest_change": None} for period in periods
        }
        if not periods:
            return digest
        rows = self._by_period(periods, params).annotate(
            n=Count("id"),
            id_sum=Sum("id"),
            latest_registration=Max("updated_at"),
            latest_activity=Max("activity__updated_at"),
        )
        for row in rows:
            latest = max(row["latest_registration"], row["latest_activity"])
            digest[row["period"]] = {
                "rows": row["n"],
                "id_sum": int(row["id_sum"] or 0),
                "latest_change": latest.isoformat() if latest else None,
            }
        return digest


registrations_source = RegistrationsSource()
