"""The participants report in every format: table, csv, xlsx, json, pdf."""

import csv
import io
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..selectors import ParticipantsReport
from ..suppression import SUPPRESSED_MARK, suppress_participants_report
from .document import Document, Row, render_pdf, render_text, render_xlsx, safe_cell

UNIQUE_PERSONS = "unique_persons"


def _shown(report: ParticipantsReport, code: str, year: int, value):
    """The value, or the mark of a cell hidden by small-cell suppression."""
    if (code, year) in getattr(report, "suppressed", ()):
        return SUPPRESSED_MARK
    return value


def _methods(row) -> list[str]:
    seen: list[str] = []
    for methods in row.methods.values():
        for method in methods:
            if method not in seen:
                seen.append(method)
    return seen


def participants_document(report: ParticipantsReport, *, language: str = "nl") -> Document:
    """The report as a document: indicators as rows, years as columns, definitions as notes."""
    with override(language):
        unit_word = _("participations") if report.unit == "participations" else _("persons")
        columns = [_("Indicator"), *(report.year_label(y, language=language) for y in report.years)]
        rows = [
            Row(
                row.name(language),
                [_shown(report, row.code, y, row.values[y]) for y in report.years],
                is_summary=is_summary,
            )
            for rows_of_kind, is_summary in [(report.rows, False), (report.summary_rows, True)]
            for row in rows_of_kind
        ]
        rows.append(
            Row(
                _("Unique persons across categories (de-duplicated)"),
                [_shown(report, UNIQUE_PERSONS, y, report.unique_persons[y]) for y in report.years],
                is_summary=True,
            )
        )
        notes = []
        names = {row.code: row.name(language) for row in report.all_rows}
        for row in report.all_rows:
            text = f"{row.name(language)} ({_('definition version %(n)s') % {'n': row.version}}): "
            description = row.description.strip()
            if description:
                text += description if description.endswith(".") else description + "."
            if row.sum_of:
                text += " " + _("Sum of: %(codes)s.") % {
                    "codes": ", ".join(names.get(c, c) for c in row.sum_of)
                }
            if row.source_words:
                text += " " + _("Counts: %(what)s.") % {
                    "what": "; ".join(w.rstrip(". ") for w in row.source_words)
                }
            if row.exclusions:
                text += " " + _("Not counted: %(what)s") % {"what": row.exclusions}
            methods = _methods(row)
            if methods and row.kind == "count" and not row.counts_people:
                text += " " + _("Measured: %(how)s.") % {
                    "how": "; ".join(m.rstrip(". ") for m in methods)
                }
            if row.unavailable:
                text += " " + _("Not available: %(why)s.") % {"why": row.unavailable}
            notes.append(text)
        notes.append(
            _(
                "Rows count %(unit)s: a person at two activities counts twice. The last line "
                "counts every person once, across all categories that count people."
            )
            % {"unit": unit_word}
        )
        if hasattr(report, "suppressed"):
            notes.append(
                _(
                    "%(mark)s: not shown, because the figure describes fewer than %(k)s persons "
                    "or would let such a figure be computed from the others."
                )
                % {"mark": SUPPRESSED_MARK, "k": report.threshold}
            )
        if report.through is not None:
            notes.append(
                _("The last year is counted through %(date)s (inclusive).")
                % {"date": f"{report.through:%d-%m-%Y}"}
            )
        years = (
            f"{report.years[0]}–{report.years[-1]}"
            if len(report.years) > 1
            else str(report.years[0])
        )
        return Document(
            title=_("Participants reached"),
            subtitle=_("%(years)s, counted in %(unit)s") % {"years": years, "unit": unit_word},
            date=_("Produced on %(date)s") % {"date": f"{timezone.localdate():%d-%m-%Y}"},
            columns=columns,
            rows=rows,
            notes_title=_("Definitions and exclusions"),
            notes=notes,
            language=language,
        )


def participants_csv(report: ParticipantsReport) -> str:
    """`indicator,<year>,...`, one row per indicator code, numbers only; unique persons last."""
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: with "\n" alone a CR inside a text would go unquoted and start a
    # new row in a spreadsheet, where a formula could follow it.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["indicator", *report.years])
    for row in report.all_rows:
        writer.writerow(
            [
                safe_cell(row.code),
                *(
                    _shown(report, row.code, y, "" if row.values[y] is None else row.values[y])
                    for y in report.years
                ),
            ]
        )
    writer.writerow(
        [
            UNIQUE_PERSONS,
            *(_shown(report, UNIQUE_PERSONS, y, report.unique_persons[y]) for y in report.years),
        ]
    )
    return buffer.getvalue()


def _row_json(row, report: ParticipantsReport, language: str) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name(language),
        "pillar": row.pillar,
        "kind": row.kind,
        "definition_version": row.version,
        "description": row.description,
        "counts": row.source_words,
        "sum_of": row.sum_of,
        "exclusions": row.exclusions,
        "methods": _methods(row),
        "values": {str(y): row.values[y] for y in report.years},
        "persons": {str(y): row.persons[y] for y in report.years},
        "unavailable": row.unavailable or None,
    }


def participants_json(report: ParticipantsReport, *, language: str = "nl") -> str:
    data = {
        "report": "participants",
        "unit": report.unit,
        "years": report.years,
        "through": report.through.isoformat() if report.through else None,
        "columns": [
            {
                "year": year,
                "label": report.year_label(year, language=language),
                "through": period.through.isoformat() if period.is_cut_off else None,
            }
            for year, period in report.periods.items()
        ],
        "rows": [_row_json(row, report, language) for row in report.rows],
        "summary_rows": [_row_json(row, report, language) for row in report.summary_rows],
        "unique_persons": {str(y): n for y, n in report.unique_persons.items()},
        "generated_at": report.generated_at.isoformat(),
    }
    if hasattr(report, "suppressed"):
        # Hidden figures are null, like unavailable ones; this list tells them apart.
        data["suppression"] = {
            "threshold": report.threshold,
            "cells": [
                {"indicator": code, "year": year} for code, year in sorted(report.suppressed)
            ],
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_participants(
    report: ParticipantsReport,
    *,
    format: str,
    language: str = "nl",
    suppress_below: int | None = None,
) -> bytes:
    """The report in one format, as bytes (text formats in UTF-8).

    With `suppress_below` (k), small cells and those that would give them back are hidden
    first (`perspectives.impact.suppression`), as for funders.
    """
    if suppress_below is not None:
        report = suppress_participants_report(report=report, threshold=suppress_below)
    if format == "csv":
        return participants_csv(report).encode()
    if format == "json":
        return participants_json(report, language=language).encode()
    document = participants_document(report, language=language)
    if format == "table":
        return render_text(document).encode()
    if format == "xlsx":
        codes = [row.code for row in report.all_rows] + [UNIQUE_PERSONS]
        return render_xlsx(document, codes=codes)
    if format == "pdf":
        return render_pdf(document)
    raise ValueError(f"unknown format {format!r}")
