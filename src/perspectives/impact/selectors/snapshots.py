"""What a snapshot stores: the figures, definitions and input fingerprint of a report."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ..models import ReportKind, ReportSnapshot
from .participants import (
    ParticipantsReport,
    build_participants_report,
    compute_participants_fingerprint,
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


def participants_arguments(parameters: dict[str, Any]) -> dict[str, Any]:
    through = parameters.get("through")
    return {
        "years": parameters["years"],
        "through": dt.date.fromisoformat(through) if through else None,
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
