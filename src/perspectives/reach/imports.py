"""Import kind `reach` (`perspectives import reach FILE`).

Columns, in any order (header names trimmed, case-insensitive): period_start, period_end,
channel, value, method (required); source (optional, where the figure came from). Keyed by
channel and period: a figure already recorded for that channel and period is replaced.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perspectives.accounts.models import User
from perspectives.core.imports import Column, ImportKind, Issue, Outcome, Row
from perspectives.core.tabular import choice_parser, int_parser, parse_date, text_parser

from . import services
from .models import Channel


class ReachImport(ImportKind):
    name = "reach"
    label = gettext_lazy("Online reach figures")
    audit_action = "reach.figures.imported"
    key_columns = ("channel", "period_start", "period_end")
    columns = (
        Column(
            "period_start", parse_date, required=True, help=gettext_lazy("2020-01-01 or 01-01-2020")
        ),
        Column(
            "period_end", parse_date, required=True, help=gettext_lazy("2020-01-31 or 31-01-2020")
        ),
        Column("channel", choice_parser(Channel.values), required=True),
        Column(
            "value", int_parser(min_value=0), required=True, help=gettext_lazy("a whole number")
        ),
        Column(
            "method", text_parser(), required=True, help=gettext_lazy("how the figure was measured")
        ),
        Column("source", text_parser(), help=gettext_lazy("where the figure came from")),
    )

    def validate(self, rows: list[Row]) -> Iterable[Issue]:
        for row in rows:
            if row.values["period_end"] < row.values["period_start"]:
                yield Issue(
                    _("the period ends before it starts"), row=row.number, column="period_end"
                )

    def apply(self, rows: list[Row], *, actor: User, file_name: str) -> Outcome:
        # A figure must say where it came from; without a source the file itself is the source.
        fallback = f"import: {file_name}" if file_name else "import"
        counts = services.import_reach_figures(
            rows=[{**row.values, "source": row.values.get("source") or fallback} for row in rows]
        )
        return Outcome(
            created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"]
        )


reach_import = ReachImport()
