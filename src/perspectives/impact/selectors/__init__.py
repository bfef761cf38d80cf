"""Reads of the impact context: reports, definitions, verification."""

from .participants import (
    CurrentDefinition,
    ParticipantsReport,
    ReportRow,
    build_participants_report,
    build_periods,
    compute_participants_fingerprint,
    count_distinct_persons,
    list_current_definitions,
)

__all__ = [
    "CurrentDefinition",
    "ParticipantsReport",
    "ReportRow",
    "build_participants_report",
    "build_periods",
    "compute_participants_fingerprint",
    "count_distinct_persons",
    "list_current_definitions",
]
