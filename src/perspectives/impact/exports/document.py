"""A report as a neutral document (title, table, notes) and its renderings: text, XLSX, PDF.

The participants and funding reports each build a `Document`; the renderers here know nothing
of either, so a director's PDF, a spreadsheet and the terminal table say the same thing.
"""

import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

# One rule for every export: the staff lists' and the reports' (kept importable from here).
from perspectives.core.tabular import FORMULA_PREFIXES, safe_cell  # noqa: F401

TEMPLATE = Path(__file__).with_name("report.typ")

Number = int | Decimal | None


@dataclass
class Row:
    label: str
    cells: list[Number | str]
    is_summary: bool = False


@dataclass
class Document:
    title: str
    subtitle: str
    date: str
    columns: list[str]  # the first column's heading, then one per value column
    rows: list[Row]
    notes_title: str = ""
    notes: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, lines)
    language: str = "nl"


def format_number(value: Number | str, language: str = "nl") -> str:
    """1807 -> '1.807' (Dutch) or '1,807'; decimals keep their digits; None -> '–'."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _, fraction = format(value, "f").partition(".")
        text = f"{int(whole):,}" + "." + fraction
    else:
        text = f"{int(value):,}"
    if language.startswith("en"):
        return text
    return text.translate(str.maketrans({",": ".", ".": ","}))


def render_text(document: Document) -> str:
    """A plain-text table for the terminal, the notes underneath."""
    lang = document.language
    body = [[row.label, *(format_number(c, lang) for c in row.cells)] for row in document.rows]
    widths = [
        max(len(line[i]) for line in [document.columns, *body])
        for i in range(len(document.columns))
    ]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    out = [document.title, document.subtitle, document.date, "", line(document.columns)]
    out.append("-" * len(out[-1]))
    for row, cells in zip(document.rows, body, strict=True):
        if row.is_summary and not document.rows[document.rows.index(row) - 1].is_summary:
            out.append("-" * len(out[4]))
        out.append(line(cells))
    for heading, lines in document.sections:
        out += ["", heading, *(f"  {text}" for text in lines)]
    if document.notes:
        out += ["", document.notes_title]
        out += [f"{number}. {note}" for number, note in enumerate(document.notes, start=1)]
    return "\n".join(out) + "\n"


def render_xlsx(document: Document, *, codes: list[str] | None = None) -> bytes:
    """One sheet: the table (numbers as numbers), then the sections and the notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = document.title[:31].replace("/", "-") or "Report"
    sheet.append([safe_cell(document.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([safe_cell(document.subtitle)])
    sheet.append([safe_cell(document.date)])
    sheet.append([])
    header = [document.columns[0], *document.columns[1:]]
    if codes is not None:
        header = ["code", *header]
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, row in enumerate(document.rows):
        values = [row.label, *row.cells]
        if codes is not None:
            values = [codes[index], *values]
        sheet.append([safe_cell(v) for v in values])
        if row.is_summary:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for heading, lines in document.sections:
        sheet.append([])
        sheet.append([safe_cell(heading)])
        sheet[f"A{sheet.max_row}"].font = Font(bold=True)
        for text in lines:
            sheet.append([safe_cell(text)])
    if document.notes:
        sheet.append([])
        sheet.append([safe_cell(document.notes_title)])
        sheet[f"A{sheet.max_row}"].font = Font(bold=True)
        for number, note in enumerate(document.notes, start=1):
            sheet.append([safe_cell(f"{number}. {note}")])
            sheet[f"A{sheet.max_row}"].alignment = Alignment(wrap_text=False)
    sheet.column_dimensions["A"].width = 48 if codes is None else 34
    if codes is not None:
        sheet.column_dimensions["B"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(document: Document) -> bytes:
    """An A4 document set with Typst; the data goes in as JSON, never spliced into markup."""
    import typst

    lang = document.language
    data = {
        "lang": "en" if lang.startswith("en") else "nl",
        "title": document.title,
        "subtitle": document.subtitle,
        "date": document.date,
        "columns": document.columns,
        "rows": [
            {
                "label": row.label,
                "cells": [format_number(c, lang) for c in row.cells],
                "summary": row.is_summary,
            }
            for row in document.rows
        ],
        "sections": [{"heading": h, "lines": lines} for h, lines in document.sections],
        "notes_title": document.notes_title,
        "notes": document.notes,
    }
    return typst.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
