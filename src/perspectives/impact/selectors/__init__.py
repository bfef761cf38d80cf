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

from .snapshots import (  # noqa: E402
    FUNDING_CODES,
    build_funding_report,
    build_snapshot_content,
    funding_figures,
    get_snapshot,
    list_snapshots,
    participants_figures,
)
from .verification import (  # noqa: E402
    Difference,
    Verification,
    round_like,
    verify_label,
    verify_published,
    verify_snapshot,
)

__all__ += [
    "FUNDING_CODES",
    "Difference",
    "Verification",
    "build_funding_report",
    "build_snapshot_content",
    "funding_figures",
    "get_snapshot",
    "list_snapshots",
    "participants_figures",
    "round_like",
    "verify_label",
    "verify_published",
    "verify_snapshot",
]
