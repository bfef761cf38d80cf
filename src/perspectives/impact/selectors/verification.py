"""Re-running frozen and published reports, and explaining every figure that now differs."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perspectives.core.models import AuditEntry
from perspectives.core.registry import indicator_sources

from ..models import IndicatorKind, IndicatorVersion, PublishedFigure, ReportKind
from .participants import (
    ParticipantsReport,
    build_participants_report,
    build_periods,
    compute_participants_fingerprint,
)
from .snapshots import (
    FUNDING_CODES,
    build_funding_report,
    build_snapshot_content,
    get_snapshot,
    participants_arguments,
    participants_figures,
)

ERASED_ACTION = "privacy.person.erased"


@dataclass(frozen=True)
class Difference:
    indicator: str
    period: str
    expected: Any  # as frozen or published
    actual: Any  # as computed from the records now
    reasons: list[str] = field(default_factory=list)


@dataclass
class Verification:
    label: str
    kind: str  # "snapshot" or "published"
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.differences


class _Explainer:
    """Finds why a participants figure changed since a moment (a snapshot, a recording)."""

    def __init__(self, *, report: ParticipantsReport, since: dt.datetime, versions=None):
        self.report = report
        self.since = since
        self.versions = versions  # {code: version} as frozen, or None to compare by date
        self.rows = {row.code: row for row in report.all_rows}
        self.erased = AuditEntry.objects.filter(action=ERASED_ACTION, created_at__gt=since).count()
        self.changed_since = set(
            IndicatorVersion.objects.filter(created_at__gt=since).values_list(
                "indicator__code", flat=True
            )
        )

    def _definition_changed(self, code: str) -> bool:
        row = self.rows.get(code)
        if row is None:
            return True
        if self.versions is not None:
            return self.versions.get(code, {}).get("version") != row.version
        return code in self.changed_since

    def _late(self, code: str, year: int) -> int:
        row = self.rows.get(code)
        if row is None or row.unavailable or row.kind != IndicatorKind.COUNT:
            return 0
        late = 0
        for spec in row.sources:
            source = indicator_sources.get(spec["source"])
            if not source.counts_people:
                continue
            queryset = source.person_ids(
                period=self.report.periods[year], params=spec.get("params", {})
            )
            if any(f.name == "created_at" for f in queryset.model._meta.get_fields()):
                late += queryset.filter(created_at__gt=self.since).count()
        return late

    def reasons(self, code: str, year: int, *, fingerprint_changed: bool = False) -> list[str]:
        row = self.rows.get(code)
        codes = row.sum_of if row is not None and row.kind == IndicatorKind.SUM else [code]
        if code == "unique_persons":
            codes = [r.code for r in self.report.rows if r.counts_people]
        reasons = []
        changed = [c for c in [code, *codes] if self._definition_changed(c)]
        if changed:
            reasons.append(f"changed definition: {', '.join(dict.fromkeys(changed))}")
        late = sum(self._late(c, year) for c in codes)
        if late:
            reasons.append(f"late registrations: {late} counted records added afterwards")
        counts_people = code == "unique_persons" or any(
            self.rows[c].counts_people for c in codes if c in self.rows
        )
        if self.erased and counts_people:
            reasons.append(f"erased people: {self.erased} erased afterwards")
        if not reasons and fingerprint_changed:
            reasons.append("other changes to the counted records")
        return reasons or ["reason unknown"]


def _fingerprint_changed(stored: dict, current: dict, code: str, label: str) -> bool:
    before, after = stored.get(code, {}), current.get(code, {})
    if set(before) != set(after):
        return True
    return any(before[key].get(label) != after[key].get(label) for key in before)


def _verify_participants(snapshot, result: Verification) -> None:
    arguments = participants_arguments(snapshot.parameters)
    report = build_participants_report(**arguments)
    stored, current = snapshot.figures, participants_figures(report)
    fingerprint = compute_participants_fingerprint(
        years=arguments["years"], through=arguments["through"]
    )
    explainer = _Explainer(report=report, since=snapshot.created_at, versions=snapshot.definitions)
    cells = [
        (
            code,
            year,
            stored["rows"].get(code, {}).get(year),
            current["rows"].get(code, {}).get(year),
        )
        for code in dict.fromkeys([*stored["rows"], *current["rows"]])
        for year in (str(y) for y in arguments["years"])
    ]
    cells += [
        ("unique_persons", year, stored["unique_persons"].get(year), n)
        for year, n in current["unique_persons"].items()
    ]
    for code, year, expected, actual in cells:
        result.checked += 1
        if expected == actual:
            continue
        components = [code]
        row = explainer.rows.get(code)
        if row is not None and row.kind == IndicatorKind.SUM:
            components = row.sum_of
        elif code == "unique_persons":
            components = [r.code for r in report.rows]
        fingerprint_changed = any(
            _fingerprint_changed(snapshot.fingerprint, fingerprint, c, year) for c in components
        )
        result.differences.append(
            Difference(
                indicator=code,
                period=year,
                expected=expected,
                actual=actual,
                reasons=explainer.reasons(code, int(year), fingerprint_changed=fingerprint_changed),
            )
        )


def _verify_funding(snapshot, result: Verification) -> None:
    content = build_snapshot_content(kind=ReportKind.FUNDING, parameters=snapshot.parameters)
    stored, current = snapshot.figures, content["figures"]
    before_inputs = snapshot.fingerprint.get("inputs", {})
    after_inputs = content["fingerprint"].get("inputs", {})
    reasons = [
        f"changed {what} since the snapshot"
        for key, what in [("grants", "grants"), ("budgets", "budgets"), ("rules", "policy rules")]
        if before_inputs.get(key) != after_inputs.get(key)
    ]
    if not reasons and snapshot.fingerprint != content["fingerprint"]:
        reasons = ["funding records changed since the snapshot"]
    reasons = reasons or ["reason unknown"]
    for year in (str(y) for y in snapshot.parameters["years"]):
        for code in (*FUNDING_CODES, "municipal_grant_status"):
            expected = stored["years"].get(year, {}).get(code)
            actual = current["years"].get(year, {}).get(code)
            result.checked += 1
            if expected != actual:
                result.differences.append(Difference(code, year, expected, actual, reasons))
    before = {(b["year"], b["rule_code"]) for b in stored["breaches"]}
    after = {(b["year"], b["rule_code"]) for b in current["breaches"]}
    for year, rule in sorted(before ^ after):
        result.checked += 1
        result.differences.append(
            Difference(
                f"breach:{rule}", str(year), (year, rule) in before, (year, rule) in after, reasons
            )
        )


def verify_snapshot(*, label: str) -> Verification:
    """Re-run a frozen report with its stored parameters and today's records and definitions."""
    snapshot = get_snapshot(label=label)
    result = Verification(label=label, kind="snapshot")
    if snapshot.kind == ReportKind.FUNDING:
        _verify_funding(snapshot, result)
    else:
        _verify_participants(snapshot, result)
    return result


def round_like(value: Decimal, decimals: int) -> Decimal:
    """The computed value rounded (half up) to the published number of decimals."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def verify_published(*, report: str) -> Verification:
    """Compare the figures published as `report` with the records of today.

    A figure matches when the value computed now, rounded to the published number of decimals,
    equals the published value: a published share of 26 matches 26.3, 31 does not match 21.9.
    """
    from perspectives.impact.services import parse_period

    figures = list(PublishedFigure.objects.filter(report=report).order_by("indicator", "period"))
    if not figures:
        raise PublishedFigure.DoesNotExist(f"no published figures for report {report!r}")
    result = Verification(label=report, kind="published")
    parsed = {figure.pk: parse_period(figure.period) for figure in figures}

    funding_years = sorted({parsed[f.pk][0] for f in figures if f.indicator in FUNDING_CODES})
    funding = (
        {year.year: year for year in build_funding_report(years=funding_years).years}
        if funding_years
        else {}
    )
    by_through: dict[dt.date | None, set[int]] = defaultdict(set)
    for figure in figures:
        if figure.indicator not in FUNDING_CODES:
            year, through = parsed[figure.pk]
            by_through[through].add(year)
    reports: dict[tuple[int, dt.date | None], ParticipantsReport] = {}
    for through, years in by_through.items():
        build_periods(years=sorted(years), through=through)
        participants = build_participants_report(years=sorted(years), through=through)
        for year in years:
            reports[(year, through)] = participants

    for figure in figures:
        result.checked += 1
        year, through = parsed[figure.pk]
        reasons: list[str] = []
        if figure.indicator in FUNDING_CODES:
            funding_year = funding.get(year)
            actual = {
                "municipal_subsidy": funding_year.municipal_subsidy_amount,
                "municipal_share_percent": funding_year.municipal_share_percent,
                "total_budget": funding_year.total_budget_amount,
            }[figure.indicator]
            if figure.indicator == "municipal_share_percent" and actual is not None:
                reasons.append(
                    f"computed from the records: {funding_year.municipal_subsidy_amount} / "
                    f"{funding_year.total_budget_amount} = {actual} %"
                )
        else:
            participants = reports[(year, through)]
            rows = {row.code: row for row in participants.all_rows}
            if figure.indicator == "unique_persons":
                actual = participants.unique_persons.get(year)
            elif figure.indicator in rows:
                row = rows[figure.indicator]
                actual = row.values.get(year)
                if row.unavailable:
                    reasons.append(row.unavailable)
            else:
                result.differences.append(
                    Difference(
                        figure.indicator, figure.period, figure.value, None, ["unknown indicator"]
                    )
                )
                continue
        if actual is None:
            result.differences.append(
                Difference(
                    figure.indicator,
                    figure.period,
                    figure.value,
                    None,
                    reasons or ["no figure in the records"],
                )
            )
            continue
        rounded = round_like(Decimal(actual), figure.decimals)
        published = round_like(figure.value, figure.decimals)
        if rounded == published:
            continue
        if figure.indicator not in FUNDING_CODES:
            explainer = _Explainer(report=reports[(year, through)], since=figure.recorded_at)
            reasons.extend(
                r for r in explainer.reasons(figure.indicator, year) if r != "reason unknown"
            )
        result.differences.append(
            Difference(
                figure.indicator,
                figure.period,
                published,
                Decimal(actual),
                reasons or ["the published figure does not match the records"],
            )
        )
    return result


def verify_label(*, label: str) -> Verification:
    """A snapshot label or else a published report name; raises LookupError for neither."""
    from ..models import ReportSnapshot

    if ReportSnapshot.objects.filter(label=label).exists():
        return verify_snapshot(label=label)
    if PublishedFigure.objects.filter(report=label).exists():
        return verify_published(report=label)
    raise LookupError(f"no snapshot and no published report named {label!r}")
