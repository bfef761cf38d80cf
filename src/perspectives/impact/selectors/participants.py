"""The participants report: indicators as rows, years as columns, computed through the sources.

Impact never imports the apps whose records it counts: every figure comes from an object in
`perspectives.core.registry.indicator_sources`.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Value
from django.utils import timezone, translation
from django.utils.translation import gettext

from perspectives.core.indicators import (
    PARTICIPATIONS,
    PERSONS,
    PeriodLabelledPersons,
    PreCountedPersons,
)
from perspectives.core.periods import Period, year_period
from perspectives.core.registry import indicator_sources

from ..models import IndicatorKind, IndicatorVersion

UNITS = (PARTICIPATIONS, PERSONS)
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class CurrentDefinition:
    """An indicator with its current (latest) version."""

    code: str
    name_nl: str
    name_en: str
    pillar: str
    kind: str
    version: int
    definition: dict[str, Any]
    description: str

    def name(self, language: str = "nl") -> str:
        return self.name_en if language.startswith("en") else self.name_nl


@dataclass
class ReportRow:
    code: str
    name_nl: str
    name_en: str
    pillar: str
    kind: str
    version: int
    description: str
    exclusions: str
    sources: list[dict[str, Any]]  # [{"source": key, "params": {...}}] as defined
    values: dict[int, int | None]
    persons: dict[int, int | None]
    source_words: list[str] = field(default_factory=list)  # each source's definition in words
    methods: dict[int, list[str]] = field(default_factory=dict)  # how it was measured, per year
    sum_of: list[str] = field(default_factory=list)
    unavailable: str = ""  # why the row cannot be computed, empty when it can
    counts_people: bool = False
    measures: dict[str, str] = field(default_factory=dict)  # language -> 'Deelnames', 'Bezoekers'

    def name(self, language: str = "nl") -> str:
        return self.name_en if language.startswith("en") else self.name_nl

    def measure(self, language: str = "nl") -> str:
        """What the row counts, as its chart's axis names it."""
        return self.measures["en" if language.startswith("en") else "nl"]


@dataclass
class ParticipantsReport:
    years: list[int]
    through: dt.date | None
    unit: str
    periods: dict[int, Period]
    rows: list[ReportRow]
    summary_rows: list[ReportRow]
    unique_persons: dict[int, int]
    definitions: dict[str, dict[str, Any]]  # code -> {"version": n, "definition": {...}}
    generated_at: dt.datetime

    @property
    def all_rows(self) -> list[ReportRow]:
        return [*self.rows, *self.summary_rows]

    def year_label(self, year: int, *, language: str = "nl") -> str:
        """'2020', or '2020 (t/m 31-10-2020)' for a year cut off at a date."""
        period = self.periods[year]
        if not period.is_cut_off:
            return str(year)
        word = "through" if language.startswith("en") else "t/m"
        return f"{year} ({word} {period.through:%d-%m-%Y})"


def list_current_definitions() -> list[CurrentDefinition]:
    """Every indicator with its latest version, in report order (one query)."""
    current: dict[int, CurrentDefinition] = {}
    versions = IndicatorVersion.objects.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "-number"
    )
    for version in versions:
        indicator = version.indicator
        if indicator.pk in current:
            continue
        current[indicator.pk] = CurrentDefinition(
            code=indicator.code,
            name_nl=indicator.name_nl,
            name_en=indicator.name_en,
            pillar=indicator.pillar,
            kind=indicator.kind,
            version=version.number,
            definition=version.definition,
            description=version.description,
        )
    return list(current.values())


def build_periods(*, years: list[int], through: dt.date | None = None) -> dict[int, Period]:
    """One period per year; the year that contains `through` is cut off there (inclusive)."""
    if not years:
        raise ValueError("no years given")
    if through is not None and max(years) > through.year:
        raise ValueError(f"year {max(years)} lies after the cut-off date {through:%d-%m-%Y}")
    return {year: year_period(year, through=through) for year in sorted(set(years))}


def count_distinct_persons(
    groups: list[tuple[Any, QuerySet]], *, per_group: bool = True, total: bool = True
) -> tuple[dict, dict]:
    """Distinct persons per (group, period label) and per period label over all groups.

    `groups` holds (group key, queryset of values_list(period label, person_id)). Both counts
    come from one statement: each queryset is a CTE, scanned once, so a person counted by two
    sources or two rows is counted once in the total.
    """
    if not groups or not (per_group or total):
        return {}, {}
    keys: list[Any] = []
    ctes, selects, params = [], [], []
    for index, (group, queryset) in enumerate(groups):
        sql, sql_params = queryset.order_by().query.sql_with_params()
        ctes.append(f"s{index}(lbl, pid) AS ({sql})")
        params.extend(sql_params)
        if group not in keys:
            keys.append(group)
        # Only integers (positions in our own list) and our own CTE names go into the SQL.
        selects.append(f"SELECT {keys.index(group)} AS k, lbl, pid FROM s{index}")  # noqa: S608
    union = " UNION ALL ".join(selects)
    counts = []
    if per_group:
        counts.append(f"SELECT k, lbl, COUNT(DISTINCT pid) FROM ({union}) u GROUP BY k, lbl")  # noqa: S608
    if total:
        counts.append(f"SELECT -1, lbl, COUNT(DISTINCT pid) FROM ({union}) t GROUP BY lbl")  # noqa: S608
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(counts)}"
    by_group: dict[tuple[Any, str], int] = {}
    by_label: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for key_index, label, n in cursor.fetchall():
            if int(key_index) < 0:
                by_label[str(label)] = n
            else:
                by_group[(keys[int(key_index)], str(label))] = n
    return by_group, by_label


def _distinct_from_source(items: list[tuple[Any, dict]], periods: list[Period]) -> dict | None:
    """Distinct persons per period label through a source that keeps them pre-counted.

    Works when exactly one of the sources answers `distinct_persons`; the persons of the other
    sources are handed to it. None when no source can answer this way.
    """
    capable = {id(source): source for source, _ in items if isinstance(source, PreCountedPersons)}
    if len(capable) != 1:
        return None
    counting = next(iter(capable.values()))
    others = [
        queryset
        for source, params in items
        if source is not counting
        for queryset in _labelled_person_ids(source, periods, params)
    ]
    return counting.distinct_persons(
        periods=periods,
        params_list=[params for source, params in items if source is counting],
        others=others,
    )


def count_persons(
    items_by_group: dict[Any, list[tuple[Any, dict]]], periods: list[Period]
) -> tuple[dict, dict]:
    """Like count_distinct_persons, from (source, params) per group.

    Groups that a source can answer from pre-counted figures are answered so; the rest, and the
    total when it cannot be, are counted from the sources' persons.
    """
    by_group: dict[tuple[Any, str], int] = {}
    raw_groups = []
    for group, items in items_by_group.items():
        figures = _distinct_from_source(items, periods)
        if figures is None:
            raw_groups.append(group)
        else:
            by_group.update({(group, label): n for label, n in figures.items()})
    all_items = [item for items in items_by_group.values() for item in items]
    by_label = _distinct_from_source(all_items, periods) if all_items else {}

    def labelled(groups):
        return [
            (group, queryset)
            for group in groups
            for source, params in items_by_group[group]
            for queryset in _labelled_person_ids(source, periods, params)
        ]

    if raw_groups:
        by_group.update(count_distinct_persons(labelled(raw_groups), total=False)[0])
    if by_label is None:
        by_label = count_distinct_persons(labelled(items_by_group), per_group=False)[1]
    return by_group, by_label


def _labelled_person_ids(source, periods: list[Period], params: dict[str, Any]) -> list[QuerySet]:
    """The source's persons labelled with their period: one queryset, or one per period."""
    if isinstance(source, PeriodLabelledPersons):
        return [source.person_periods(periods=periods, params=params)]
    labelled = []
    for period in periods:
        queryset = source.person_ids(period=period, params=params)
        labelled.append(queryset.annotate(lbl=Value(period.label)).values_list("lbl", "person_id"))
    return labelled


def _common_measures(named: list[dict[str, str]], unit: str) -> dict[str, str]:
    """The measure the parts agree on, per language; else the report's unit in words.

    A row that adds visitors to participations counts neither alone, so its axis names the unit.
    """
    measures = {}
    for language in LANGUAGES:
        words = {part[language] for part in named}
        if len(words) == 1:
            measures[language] = words.pop()
        else:
            with translation.override(language):
                measures[language] = (
                    gettext("Persons") if unit == PERSONS else gettext("Participations")
                )
    return measures


def row_from_definition(definition: CurrentDefinition, years: list) -> ReportRow:
    """An empty row of the report for this definition (values and persons still None)."""
    spec = definition.definition
    return ReportRow(
        code=definition.code,
        name_nl=definition.name_nl,
        name_en=definition.name_en,
        pillar=definition.pillar,
        kind=definition.kind,
        version=definition.version,
        description=definition.description,
        exclusions=spec.get("exclusions", "") or "",
        sources=list(spec.get("sources", [])),
        sum_of=list(spec.get("sum_of", [])),
        values=dict.fromkeys(years),
        persons=dict.fromkeys(years),
    )


def build_participants_report(
    *,
    years: list[int] | None = None,
    through: dt.date | None = None,
    unit: str = PARTICIPATIONS,
    language: str = "nl",
    periods: dict[Any, Period] | None = None,
) -> ParticipantsReport:
    """The participants report for these years, the last one optionally cut off at `through`.

    Or, with `periods` instead of years, one column per given period under its key (the funder
    pages' quarters, keyed "2020-Q1"). One grouped query per source for all periods; distinct
    persons per row and the de-duplicated total per period from a source's pre-counted figures
    where it keeps them, else from COUNT(DISTINCT) over a UNION of the sources' persons. A read only: pre-counted
    figures are taken as they stand, so callers that need them current run
    `impact.services.refresh_report_figures()` first.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}")
    if periods is None:
        periods = build_periods(years=years or [], through=through)
    elif years is not None or through is not None:
        raise ValueError("give either years (and a cut-off) or periods")
    years = list(periods)
    period_list = list(periods.values())
    year_of = {period.label: year for year, period in periods.items()}
    definitions = list_current_definitions()

    rows: list[ReportRow] = []
    summary_rows: list[ReportRow] = []
    person_items: dict[str, list[tuple[Any, dict]]] = {}
    for definition in definitions:
        row = row_from_definition(definition, years)
        if definition.kind == IndicatorKind.SUM:
            summary_rows.append(row)
            continue
        rows.append(row)
        missing = [s["source"] for s in row.sources if s["source"] not in indicator_sources]
        if missing or not row.sources:
            row.unavailable = (
                f"source not available: {', '.join(missing)}" if missing else "no sources defined"
            )
            row.measures = _common_measures([], unit)
            continue
        totals = dict.fromkeys(years, 0)
        row.methods = {year: [] for year in years}
        source_measures = []
        for spec in row.sources:
            source = indicator_sources.get(spec["source"])
            params = spec.get("params", {})
            row.source_words.append(source.describe(params, language=language))
            source_measures.append(
                {lang: source.measure(params, unit=unit, language=lang) for lang in LANGUAGES}
            )
            if source.counts_people:
                row.counts_people = True
                person_items.setdefault(row.code, []).append((source, params))
                if unit == PERSONS:
                    continue
            counts = source.count(periods=period_list, params=params, unit=unit)
            for label, count in counts.items():
                year = year_of[label]
                totals[year] += count.value
                if count.method and count.method not in row.methods[year]:
                    row.methods[year].append(count.method)
        row.values = totals
        row.measures = _common_measures(source_measures, unit)

    per_row_by_label, unique_by_label = count_persons(person_items, period_list)
    label_of = {year: period.label for year, period in periods.items()}
    for row in rows:
        if row.unavailable or not row.counts_people:
            continue
        row.persons = {year: per_row_by_label.get((row.code, label_of[year]), 0) for year in years}
        if unit == PERSONS:
            # Sources without persons (online visitors) keep their own count; add the people.
            row.values = {year: row.values[year] + row.persons[year] for year in years}

    by_code = {row.code: row for row in rows}
    for summary in summary_rows:
        parts = [by_code.get(code) for code in summary.sum_of]
        summary.measures = _common_measures(
            [part.measures for part in parts if part is not None and part.measures], unit
        )
        if any(part is None or part.unavailable for part in parts):
            names = [
                c for c, p in zip(summary.sum_of, parts, strict=True) if p is None or p.unavailable
            ]
            summary.unavailable = f"parts not available: {', '.join(names)}"
            continue
        summary.values = {year: sum(part.values[year] or 0 for part in parts) for year in years}
        if all(part.counts_people for part in parts):
            summary.persons = {
                year: sum(part.persons[year] or 0 for part in parts) for year in years
            }

    return ParticipantsReport(
        years=years,
        through=through,
        unit=unit,
        periods=periods,
        rows=rows,
        summary_rows=summary_rows,
        unique_persons={year: unique_by_label.get(label_of[year], 0) for year in years},
        definitions={
            d.code: {"version": d.version, "definition": d.definition} for d in definitions
        },
        generated_at=timezone.now(),
    )


def compute_participants_fingerprint(
    *, years: list[int], through: dt.date | None = None
) -> dict[str, Any]:
    """A JSON-safe digest of the counted inputs: per indicator, per source, per year."""
    periods = build_periods(years=years, through=through)
    digest: dict[str, Any] = {}
    for definition in list_current_definitions():
        if definition.kind != IndicatorKind.COUNT:
            continue
        parts = {}
        for index, spec in enumerate(definition.definition.get("sources", [])):
            if spec["source"] not in indicator_sources:
                continue
            source = indicator_sources.get(spec["source"])
            parts[f"{index}:{spec['source']}"] = source.fingerprint(
                periods=list(periods.values()), params=spec.get("params", {})
            )
        digest[definition.code] = parts
    return digest
