"""What a snapshot stores: the figures, definitions and input fingerprint of a report."""

import copy
import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from perspectives.core.registry import indicator_sources

from ..models import IndicatorKind, ReportKind, ReportSnapshot
from .participants import (
    ParticipantsReport,
    build_participants_report,
    build_periods,
    compute_participants_fingerprint,
    list_current_definitions,
    row_from_definition,
)

FUNDING_CODES = ("municipal_subsidy", "municipal_share_percent", "total_budget")


def build_funding_report(*, years: list[int]):
    """The funding app's report (funding is a lower layer, so impact may read it)."""
    from perspectives.funding.selectors import build_funding_report as build

    return build(years=years)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def participants_figures(report: ParticipantsReport) -> dict[str, Any]:
    """The report's figures as JSON: {"rows": {code: {year: n}}, "persons": ..., ...}."""
    return {
        "rows": {row.code: {str(y): v for y, v in row.values.items()} for row in report.all_rows},
        "persons": {
            row.code: {str(y): v for y, v in row.persons.items()} for row in report.all_rows
        },
        "unique_persons": {str(y): n for y, n in report.unique_persons.items()},
        "unavailable": {row.code: row.unavailable for row in report.all_rows if row.unavailable},
    }


def funding_figures(report) -> dict[str, Any]:
    """The funding report's figures as JSON, amounts as exact decimal strings."""
    return {
        "years": {
            str(year.year): {
                "municipal_subsidy": _text(year.municipal_subsidy_amount),
                "municipal_share_percent": _text(year.municipal_share_percent),
                "total_budget": _text(year.total_budget_amount),
                "municipal_grant_status": year.municipal_grant_status,
                "requested_grants": [
                    {"funder": grant.funder, "amount": _text(grant.amount)}
                    for grant in year.requested_grants
                ],
            }
            for year in report.years
        },
        "breaches": [
            {
                "year": breach.year,
                "rule_code": breach.rule_code,
                "description": breach.description,
                "value": _text(breach.value),
                "limit": _text(breach.limit),
            }
            for breach in report.breaches
        ],
        "rules": list(report.rules),
    }


def _cut_off(parameters: dict[str, Any]) -> dt.date | None:
    through = (parameters or {}).get("through")
    return dt.date.fromisoformat(through) if through else None


def participants_arguments(parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "years": parameters["years"],
        "through": _cut_off(parameters),
        "unit": parameters.get("unit", "participations"),
    }


def build_snapshot_content(*, kind: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """Figures, definitions and fingerprint of the report with these (normalised) parameters."""
    if kind == ReportKind.FUNDING:
        report = build_funding_report(years=parameters["years"])
        return {
            "figures": funding_figures(report),
            "definitions": {"rules": list(report.rules)},
            "fingerprint": report.fingerprint,
        }
    arguments = participants_arguments(parameters)
    report = build_participants_report(**arguments)
    return {
        "figures": participants_figures(report),
        "definitions": report.definitions,
        "fingerprint": compute_participants_fingerprint(
            years=arguments["years"], through=arguments["through"]
        ),
    }


def get_snapshot(*, label: str) -> ReportSnapshot:
    """One snapshot by label; raises ReportSnapshot.DoesNotExist."""
    return ReportSnapshot.objects.get(label=label)


def list_snapshots():
    """Every snapshot, newest first."""
    return ReportSnapshot.objects.select_related("created_by")


def frozen_through(snapshot: ReportSnapshot) -> dt.date | None:
    """The cut-off date a frozen report was counted through, if it has one."""
    return _cut_off(snapshot.parameters)


def snapshot_participants_report(
    snapshot: ReportSnapshot, *, language: str = "nl"
) -> ParticipantsReport:
    """A frozen participants report as it was sent: its stored figures, in today's row layout.

    The rows are the indicators of today, each with the version and sources the snapshot
    counted with; an indicator the snapshot did not have is left out. The figures are the stored
    ones, never recounted: a funder reads what it was sent.
    """
    if snapshot.kind != ReportKind.PARTICIPANTS:
        raise ValueError("not a participants report")
    arguments = participants_arguments(snapshot.parameters)
    years = arguments["years"]
    periods = build_periods(years=years, through=arguments["through"])
    figures = snapshot.figures
    stored_values = figures.get("rows", {})
    stored_persons = figures.get("persons", {})
    unavailable = figures.get("unavailable", {})
    rows, summary_rows = [], []
    for current in list_current_definitions():
        if current.code not in stored_values:
            continue
        frozen = snapshot.definitions.get(current.code, {})
        definition = dataclasses.replace(
            current,
            version=frozen.get("version", current.version),
            definition=frozen.get("definition", current.definition),
            description=current.description if frozen.get("version") == current.version else "",
        )
        row = row_from_definition(definition, years)
        row.values = {year: stored_values[current.code].get(str(year)) for year in years}
        row.persons = {year: stored_persons.get(current.code, {}).get(str(year)) for year in years}
        row.counts_people = any(value is not None for value in row.persons.values())
        row.unavailable = unavailable.get(current.code, "")
        row.source_words = [
            indicator_sources.get(spec["source"]).describe(
                spec.get("params", {}), language=language
            )
            for spec in row.sources
            if spec["source"] in indicator_sources
        ]
        (summary_rows if current.kind == IndicatorKind.SUM else rows).append(row)
    return ParticipantsReport(
        years=years,
        through=arguments["through"],
        unit=arguments["unit"],
        periods=periods,
        rows=rows,
        summary_rows=summary_rows,
        unique_persons={
            year: figures.get("unique_persons", {}).get(str(year), 0) for year in years
        },
        definitions=copy.deepcopy(snapshot.definitions),
        generated_at=snapshot.created_at,
    )


def frozen_funding_years(snapshot: ReportSnapshot) -> list[dict[str, Any]]:
    """A frozen funding report's years as stored, amounts as decimals again, oldest first,
    under the names the live report's years have (one table shows both)."""
    if snapshot.kind != ReportKind.FUNDING:
        raise ValueError("not a funding report")

    def amount(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return [
        {
            "year": int(year),
            "municipal_subsidy_amount": amount(figures.get("municipal_subsidy")),
            "municipal_share_percent": amount(figures.get("municipal_share_percent")),
            "total_budget_amount": amount(figures.get("total_budget")),
            "municipal_grant_status": figures.get("municipal_grant_status") or "",
        }
        for year, figures in sorted(snapshot.figures.get("years", {}).items())
    ]
