"""Import kind `published` (`perspectives import published FILE`): figures published elsewhere.

Columns, in any order: report, indicator, period, value (all required). `indicator` is an
indicator code, `unique_persons`, or a funding figure code (`municipal_subsidy`,
`municipal_share_percent`, `total_budget`); `period` is a year (`2020`) or a year cut off at a
date (`2020 t/m 2020-10-31`); `value` is kept with its published precision (31 and 21.9 stay
31 and 21.9), because verification compares at that precision. Keyed by report, indicator and
period: a figure already recorded is replaced.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perspectives.accounts.models import User
from perspectives.core.imports import Column, ImportKind, Issue, Outcome, Row
from perspectives.core.tabular import RowError, cell_text, text_parser

from .models import Indicator
from .selectors import FUNDING_CODES
from .services import ImpactError, parse_period, store_published_figures

OTHER_CODES = {*FUNDING_CODES, "unique_persons"}


def parse_published_value(value) -> Decimal:
    """A number as published, keeping its decimals: '21,9' and '21.9' are 21.9, '31' is 31."""
    text = cell_text(value).replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowError(_("%(value)r is not a number") % {"value": cell_text(value)}) from None
    if not number.is_finite():
        raise RowError(_("%(value)r is not a number") % {"value": cell_text(value)})
    return number


def parse_published_period(value) -> str:
    text = " ".join(cell_text(value).split())
    try:
        parse_period(text)
    except ImpactError as error:
        raise RowError(str(error)) from None
    return text


class PublishedImport(ImportKind):
    name = "published"
    label = gettext_lazy("Published figures")
    audit_action = "impact.published_figures.imported"
    key_columns = ("report", "indicator", "period")
    columns = (
        Column(
            "report",
            text_parser(max_length=100),
            required=True,
            help=gettext_lazy("e.g. letter-2020"),
        ),
        Column(
            "indicator",
            text_parser(max_length=64),
            required=True,
            help=gettext_lazy("an indicator code"),
        ),
        Column(
            "period",
            parse_published_period,
            required=True,
            help=gettext_lazy("2020 or 2020 t/m 2020-10-31"),
        ),
        Column(
            "value",
            parse_published_value,
            required=True,
            help=gettext_lazy("the number as published"),
        ),
    )

    def validate(self, rows: list[Row]) -> Iterable[Issue]:
        known = set(Indicator.objects.values_list("code", flat=True)) | OTHER_CODES
        for row in rows:
            if row.values["indicator"] not in known:
                yield Issue(
                    _("unknown indicator %(code)r") % {"code": row.values["indicator"]},
                    row=row.number,
                    column="indicator",
                )

    def apply(self, rows: list[Row], *, actor: User, file_name: str) -> Outcome:
        by_report: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_report[row.values["report"]].append(row.values)
        outcome = Outcome()
        for report, figures in by_report.items():
            counts = store_published_figures(
                report=report,
                rows=figures,
                source=f"import: {file_name}" if file_name else "import",
                actor=actor,
            )
            outcome.created += counts["created"]
            outcome.updated += counts["updated"]
            outcome.unchanged += counts["unchanged"]
        outcome.details = {"reports": sorted(by_report)}
        return outcome


published_import = PublishedImport()
