"""The funding report in every format: table, csv, xlsx, json, pdf."""

import csv
import io
import json
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .document import Document, Row, format_number, render_pdf, render_text, render_xlsx, safe_cell


def _status(value: str) -> str:
    return {"requested": _("requested"), "granted": _("granted"), "settled": _("settled")}.get(
        value, value or "–"
    )


def funding_document(report, *, language: str = "nl") -> Document:
    """Per year the municipal subsidy, its share, the budget, status and requests; breaches."""
    with override(language):
        years = [year.year for year in report.years]
        rows = [
            Row(_("Municipal subsidy (EUR)"), [y.municipal_subsidy_amount for y in report.years]),
            Row(
                _("Share of the total budget (%), computed"),
                [y.municipal_share_percent for y in report.years],
            ),
            Row(_("Total budget (EUR)"), [y.total_budget_amount for y in report.years]),
            Row(
                _("Status of the municipal grant"),
                [_status(y.municipal_grant_status) for y in report.years],
            ),
        ]
        requested = [
            f"{y.year}: {grant.funder}, EUR {format_number(grant.amount, language)}"
            for y in report.years
            for grant in y.requested_grants
        ]
        breaches = [f"{b.year}: {b.description}" for b in report.breaches]
        sections = [
            (_("Grants still requested"), requested or [_("none")]),
            (_("Policy breaches"), breaches or [_("none")]),
            (_("Policy rules"), list(report.rules) or [_("none")]),
        ]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        return Document(
            title=_("Funding"),
            subtitle=span,
            date=_("Produced on %(date)s") % {"date": f"{timezone.localdate():%d-%m-%Y}"},
            columns=["", *(str(y) for y in years)],
            rows=rows,
            sections=sections,
            notes_title=_("Definitions"),
            notes=[
                _(
                    "Municipal subsidy: the grants of municipal funders for the year, whether "
                    "requested, granted or settled; the status shown is the least advanced."
                ),
                _("Share: subsidy divided by the total budget, times 100, one decimal."),
            ],
            language=language,
        )


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def funding_csv(report) -> str:
    """`figure,<year>,...`: subsidy, share, budget, status; then one line per breach."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: with "\n" alone a CR inside a text would go unquoted and start a
    # new row in a spreadsheet, where a formula could follow it.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["figure", *(y.year for y in report.years)])
    for code, attribute in [
        ("municipal_subsidy", "municipal_subsidy_amount"),
        ("municipal_share_percent", "municipal_share_percent"),
        ("total_budget", "total_budget_amount"),
    ]:
        writer.writerow([code, *(_plain(getattr(y, attribute)) for y in report.years)])
    writer.writerow(
        ["municipal_grant_status", *(safe_cell(y.municipal_grant_status) for y in report.years)]
    )
    for year in report.years:
        for grant in year.requested_grants:
            writer.writerow(
                ["requested_grant", year.year, safe_cell(grant.funder), _plain(grant.amount)]
            )
    for breach in report.breaches:
        writer.writerow(
            ["breach", breach.year, safe_cell(breach.rule_code), safe_cell(breach.description)]
        )
    return buffer.getvalue()


def funding_json(report) -> str:
    from ..selectors import funding_figures

    data = {"report": "funding", **funding_figures(report)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_funding(report, *, format: str, language: str = "nl") -> bytes:
    """The funding report in one format, as bytes."""
    if format == "csv":
        return funding_csv(report).encode()
    if format == "json":
        return funding_json(report).encode()
    document = funding_document(report, language=language)
    if format == "table":
        return render_text(document).encode()
    if format == "xlsx":
        return render_xlsx(document)
    if format == "pdf":
        return render_pdf(document)
    raise ValueError(f"unknown format {format!r}")
