"""Writes of the impact context: indicator definitions, report snapshots, published figures."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.services import grant_membership, revoke_membership
from perspectives.accounts.models import Role, User
from perspectives.core.indicators import PARTICIPATIONS, PERSONS, PreCountedFigures
from perspectives.core.registry import indicator_sources
from perspectives.core.services import log_action

from .models import (
    Indicator,
    IndicatorKind,
    IndicatorVersion,
    PublishedFigure,
    ReportKind,
    ReportRelease,
    ReportSnapshot,
)

DEFINITION_KEYS = {
    IndicatorKind.COUNT: {"sources", "unit", "exclusions"},
    IndicatorKind.SUM: {"sum_of", "exclusions"},
}
PERIOD_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:\s*(?:t/m|through|tm|/|\.\.)\s*"
    r"(?P<through>\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}))?$",
    re.IGNORECASE,
)


class ImpactError(ValueError):
    """A definition, snapshot or published figure is refused; the message says why."""


def refresh_report_figures() -> None:
    """Bring every source's pre-counted figures up to date with the committed records.

    The report selectors only read the figures as they stand; the callers that show or store a
    report (the report command, the staff and funder pages, `freeze_report`) run this first.
    Cheap when nothing changed since the last refresh. Each source refreshes in a transaction
    of its own (or a savepoint of the caller's).
    """
    for _key, source in indicator_sources.items():
        if isinstance(source, PreCountedFigures):
            source.refresh()


def validate_definition(*, indicator: Indicator, definition: dict[str, Any]) -> None:
    """Raise ImpactError unless the definition fits the indicator's kind and its sources."""
    if not isinstance(definition, dict):
        raise ImpactError("the definition must be an object")
    unknown = set(definition) - DEFINITION_KEYS[IndicatorKind(indicator.kind)]
    if unknown:
        raise ImpactError(f"unknown keys in the definition: {sorted(unknown)}")
    if not isinstance(definition.get("exclusions", ""), str):
        raise ImpactError("exclusions must be text")
    if indicator.kind == IndicatorKind.SUM:
        codes = definition.get("sum_of")
        if not isinstance(codes, list) or not codes:
            raise ImpactError("sum_of must list at least one indicator code")
        known = set(
            Indicator.objects.filter(code__in=codes, kind=IndicatorKind.COUNT).values_list(
                "code", flat=True
            )
        )
        missing = [code for code in codes if code not in known]
        if missing:
            raise ImpactError(f"sum_of names no counted indicator: {missing}")
        return
    if definition.get("unit", PARTICIPATIONS) not in (PARTICIPATIONS, PERSONS):
        raise ImpactError(f"unit must be {PARTICIPATIONS} or {PERSONS}")
    sources = definition.get("sources")
    if not isinstance(sources, list) or not sources:
        raise ImpactError("sources must list at least one source")
    for spec in sources:
        if not isinstance(spec, dict) or set(spec) - {"source", "params"}:
            raise ImpactError('each source is {"source": key, "params": {...}}')
        key = spec.get("source")
        if key not in indicator_sources:
            available = ", ".join(indicator_sources) or "none"
            raise ImpactError(f"unknown source {key!r}; available: {available}")
        try:
            indicator_sources.get(key).validate_params(spec.get("params", {}))
        except ValueError as error:
            raise ImpactError(f"{key}: {error}") from error


@transaction.atomic
def update_indicator_definition(
    *,
    indicator: Indicator,
    definition: dict[str, Any],
    description: str | None = None,
    actor: User | None = None,
) -> IndicatorVersion:
    """Store a new version of the indicator's definition; earlier versions stay as history."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    validate_definition(indicator=indicator, definition=definition)
    latest = indicator.versions.order_by("-number").first()
    if description is None:
        description = latest.description if latest else ""
    version = IndicatorVersion.objects.create(
        indicator=indicator,
        number=(latest.number + 1) if latest else 1,
        definition=definition,
        description=description,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        action="impact.indicator.definition_changed",
        actor=actor,
        target=indicator,
        data={
            "version": version.number,
            "previous": latest.definition if latest else None,
            "definition": definition,
        },
    )
    return version


def parse_period(text: str) -> tuple[int, dt.date | None]:
    """'2020' -> (2020, None); '2020 t/m 2020-10-31' or '2020 t/m 31-10-2020' -> cut off."""
    match = PERIOD_PATTERN.match(str(text).strip())
    if not match:
        raise ImpactError(f"period {text!r} is not a year such as 2020 or '2020 t/m 2020-10-31'")
    year = int(match["year"])
    through = None
    if match["through"]:
        raw = match["through"]
        try:
            if raw[4] == "-":
                through = dt.date.fromisoformat(raw)
            else:
                day, month, full_year = (int(part) for part in raw.split("-"))
                through = dt.date(full_year, month, day)
        except ValueError as error:
            raise ImpactError(f"period {text!r}: {error}") from error
        if through.year != year:
            raise ImpactError(f"period {text!r}: the cut-off date lies outside {year}")
    return year, through


def normalise_parameters(*, kind: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The JSON-safe parameters a snapshot keeps: years, cut-off (ISO) and unit."""
    years = sorted({int(year) for year in parameters.get("years", [])})
    if not years:
        raise ImpactError("parameters need at least one year")
    if kind == ReportKind.FUNDING:
        return {"years": years}
    through = parameters.get("through")
    if isinstance(through, dt.date):
        through = through.isoformat()
    unit = parameters.get("unit") or PARTICIPATIONS
    if unit not in (PARTICIPATIONS, PERSONS):
        raise ImpactError(f"unit must be {PARTICIPATIONS} or {PERSONS}")
    return {"years": years, "through": through, "unit": unit}


@transaction.atomic
def freeze_report(
    *, label: str, kind: str, parameters: dict[str, Any], actor: User | None = None
) -> ReportSnapshot:
    """Store the report as it is now, with its definitions and input fingerprint, for good."""
    from .selectors import build_snapshot_content

    label = label.strip()
    if not label:
        raise ImpactError("a snapshot needs a label")
    if kind not in ReportKind.values:
        raise ImpactError(f"kind must be one of {ReportKind.values}")
    if ReportSnapshot.objects.filter(label=label).exists():
        raise ImpactError(f"a snapshot labelled {label!r} exists already; snapshots never change")
    parameters = normalise_parameters(kind=kind, parameters=parameters)
    refresh_report_figures()
    try:
        content = build_snapshot_content(kind=kind, parameters=parameters)
    except ValueError as error:
        raise ImpactError(str(error)) from error
    snapshot = ReportSnapshot.objects.create(
        label=label,
        kind=kind,
        parameters=parameters,
        figures=content["figures"],
        definitions=content["definitions"],
        fingerprint=content["fingerprint"],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        action="impact.report.frozen",
        actor=actor,
        target=snapshot,
        data={"label": label, "kind": kind, "parameters": parameters},
    )
    return snapshot


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise ImpactError(f"value {value!r} is not a number") from error


def store_published_figures(
    *, report: str, rows: list[dict], source: str = "", actor: User | None = None
) -> dict[str, int]:
    """Write published figures without an audit entry: {"created", "updated", "unchanged"}.

    Must be called inside a transaction by a caller that writes the audit entry (the service
    below, or the `published` import, which writes one entry per file).
    """
    report = (report or "").strip()
    if not report:
        raise ImpactError("a published figure needs a report name")
    cleaned = []
    for number, row in enumerate(rows, start=1):
        indicator = str(row.get("indicator", "")).strip()
        if not indicator:
            raise ImpactError(f"row {number}: indicator is empty")
        period = str(row.get("period", "")).strip()
        parse_period(period)
        value = _decimal(row.get("value"))
        if not value.is_finite():
            raise ImpactError(f"row {number}: value {value} is not a number")
        cleaned.append((indicator, period, value, max(0, -value.as_tuple().exponent)))
    existing = {
        (figure.indicator, figure.period): figure
        for figure in PublishedFigure.objects.filter(report=report)
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    actor = actor if getattr(actor, "is_authenticated", False) else None
    for indicator, period, value, decimals in cleaned:
        figure = existing.get((indicator, period))
        if figure is None:
            figure = PublishedFigure.objects.create(
                report=report,
                indicator=indicator,
                period=period,
                value=value,
                decimals=decimals,
                source=source,
                recorded_by=actor,
            )
            existing[(indicator, period)] = figure
            counts["created"] += 1
        elif (figure.value, figure.decimals, figure.source) == (value, decimals, source):
            counts["unchanged"] += 1
        else:
            figure.value, figure.decimals, figure.source = value, decimals, source
            figure.recorded_by = actor
            figure.save()
            counts["updated"] += 1
    return counts


@transaction.atomic
def record_published_figures(
    *, report: str, rows: list[dict], source: str = "", actor: User | None = None
) -> int:
    """Store figures published elsewhere; the same (report, indicator, period) is replaced.

    Each row is {"indicator": code, "period": "2020" | "2020 t/m 2020-10-31", "value": Decimal}.
    Returns the number of rows stored.
    """
    counts = store_published_figures(report=report, rows=rows, source=source, actor=actor)
    stored = sum(counts.values())
    log_action(
        action="impact.published_figures.recorded",
        actor=actor,
        data={"report": report.strip(), "source": source, **counts},
    )
    return stored


@transaction.atomic
def share_report_with_funder(*, actor: User, snapshot: ReportSnapshot, funder: User) -> None:
    """Make a frozen report visible to one funder, and released for good (`ReportRelease`)."""
    if funder.role != Role.FUNDER or not funder.is_active:
        raise ImpactError("a report can be shared with an active funder account only")
    ReportRelease.objects.get_or_create(snapshot=snapshot, defaults={"released_by": actor})
    grant_membership(
        actor=actor, user=funder, kind=MembershipKind.FUNDER_REPORT, object_id=snapshot.pk
    )


def withdraw_report_from_funder(*, actor: User, snapshot: ReportSnapshot, funder: User) -> bool:
    """The funder no longer sees the report; it stays released (what was shown stays known)."""
    return revoke_membership(
        actor=actor, user=funder, kind=MembershipKind.FUNDER_REPORT, object_id=snapshot.pk
    )
