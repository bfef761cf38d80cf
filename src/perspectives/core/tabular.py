"""Reading tables as people really have them, parsing their cells, and writing safe ones.
No domain nouns here.

`read_table(data=..., file_name=...)` accepts CSV (`,` or `;`, UTF-8 with or without BOM) and
XLSX, and returns a `Table`: normalised header names (trimmed, lower-case, inner spaces as `_`)
and the data rows, each with its spreadsheet row number (the header is row 1). Whatever makes the
file unreadable raises `TableError` with a message meant for the person who made the file.

The `parse_*` functions turn one cell (a string from CSV, or a native value from XLSX) into a
Python value and raise `RowError` with a clear message when they cannot. Empty cells become
None (or "" for text); whether a value is required is the caller's business.

`safe_cell`, `render_table_csv` and `render_table_xlsx` write tables out (the staff lists'
exports, the reports' downloads) so that no cell can run as a formula in a spreadsheet.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
# Defaults of the settings IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES and
# IMPORT_MAX_COMPRESSION_RATIO (see .env.example).
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_COMPRESSION_RATIO = 100
# Small parts of a workbook (styles, an empty sheet) may compress better than any real data;
# the ratio is judged only for parts larger than this.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other MS Office binary files)
DELIMITERS = (",", ";")
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets; exports prefix such text with ' (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TableError(Exception):
    """The file as a whole cannot be read as a table."""


class RowError(ValueError):
    """One cell cannot be parsed; the message says why, for the person who made the file."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells in header order)
    format: str  # "csv" or "xlsx"
    delimiter: str = ""


def normalise_header(name: Any) -> str:
    """Header names are matched trimmed, case-insensitive; inner spaces count as underscores."""
    text = "" if name is None else str(name)
    return "_".join(text.replace("\ufeff", "").strip().lower().split())


def read_table(*, data: bytes, file_name: str = "") -> Table:
    """Read a CSV or XLSX file into a Table; raises TableError when it cannot."""
    if not data.replace(b"\xef\xbb\xbf", b"").strip():
        raise TableError(_("The file is empty."))
    # The content decides, not the name: a CSV saved as "x.xlsx" is still read.
    if data.startswith(XLSX_MAGIC):
        check_xlsx_size(data)
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise TableError(_("Old Excel (.xls) files cannot be read; save the file as XLSX or CSV."))
    else:
        table = _read_csv(data)
    if not any(table.headers):
        raise TableError(_("The file is empty."))
    seen: set[str] = set()
    for name in table.headers:
        if name and name in seen:
            raise TableError(_("The column %(name)s appears twice in the header.") % {"name": name})
        seen.add(name)
    if not table.rows:
        raise TableError(_("The file has a header but no data rows."))
    return table


def max_rows() -> int:
    """How many data rows a file may have (setting IMPORT_MAX_ROWS)."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _too_many_rows() -> TableError:
    return TableError(
        _("The file has more than %(max)s data rows; split it into smaller files.")
        % {"max": max_rows()}
    )


def check_xlsx_size(data: bytes) -> None:
    """Refuse a workbook that would unpack past the limits, from its ZIP directory alone.

    The directory states each part's unpacked size, and Python's zipfile never unpacks more than
    that, so a ZIP bomb (a small file of hundreds of megabytes of repeated bytes) is refused
    before a single part is decompressed. Settings IMPORT_MAX_UNPACKED_BYTES and
    IMPORT_MAX_COMPRESSION_RATIO.
    """
    limit = int(getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES))
    ratio = int(getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_COMPRESSION_RATIO))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TableError(
            _("The file cannot be read as XLSX (%(error)s).") % {"error": exc}
        ) from None
    unpacked = sum(part.file_size for part in parts)
    too_dense = any(
        part.file_size > RATIO_CHECKED_FROM_BYTES
        and part.file_size > ratio * max(part.compress_size, 1)
        for part in parts
    )
    if unpacked > limit or too_dense:
        raise TableError(
            _(
                "The file would unpack to %(size)s MB, more than an import may hold "
                "(%(max)s MB, at most %(ratio)s times its packed size); split it into smaller "
                "files."
            )
            % {"size": unpacked // (1024 * 1024), "max": limit // (1024 * 1024), "ratio": ratio}
        )


def _is_blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _read_csv(data: bytes) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            _("The file is UTF-16 text (Excel's 'Unicode text'); save it as 'CSV UTF-8' or XLSX.")
        )
    if b"\x00" in data[:65536]:
        raise TableError(_("This is not a text file; upload a CSV (UTF-8) or XLSX file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            _(
                "The file is not UTF-8 text (a strange byte at position %(pos)s); "
                "save it as 'CSV UTF-8' or as XLSX."
            )
            % {"pos": exc.start}
        ) from None
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        for other, name in (("\t", _("tabs")), ("|", "|")):
            if other in first_line:
                raise TableError(
                    _(
                        "The columns seem to be separated by %(separator)s; separate them "
                        "with a comma (,) or a semicolon (;)."
                    )
                    % {"separator": name}
                )
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limit = max_rows()
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if headers is None:
                if _is_blank(cells):
                    continue
                headers = [normalise_header(cell) for cell in cells]
                continue
            if not "".join(cells).strip():
                continue
            if len(rows) >= limit:
                raise _too_many_rows()
            rows.append((number, cells))
    except csv.Error as exc:
        raise TableError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None
    return Table(headers=headers or [], rows=rows, format="csv", delimiter=delimiter)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    limit = max_rows()
    # openpyxl raises many kinds of errors for damaged or foreign ZIP files (a .docx, say).
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise TableError(
            _("The file cannot be read as XLSX (%(error)s).") % {"error": exc}
        ) from None
    try:
        if not workbook.worksheets:
            raise TableError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if headers is None:
                if _is_blank(cells):
                    continue
                headers = [normalise_header(cell) for cell in cells]
                continue
            if _is_blank(cells):
                continue
            if len(rows) >= limit:
                raise _too_many_rows()
            rows.append((number, list(cells)))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TableError(
            _("The file cannot be read as XLSX (%(error)s).") % {"error": exc}
        ) from None
    finally:
        workbook.close()
    if headers is not None:
        # Spreadsheets often carry formatted but empty columns on the right.
        while headers and not headers[-1]:
            headers.pop()
    return Table(headers=headers or [], rows=rows, format="xlsx")


# Cell parsers -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """The cell as trimmed text ("" when empty); XLSX numbers like 12.0 read as "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_text(value: Any, *, max_length: int | None = None) -> str:
    text = " ".join(cell_text(value).split())
    if max_length is not None and len(text) > max_length:
        raise RowError(
            _("is %(length)s characters long; at most %(max)s are allowed")
            % {"length": len(text), "max": max_length}
        )
    return text


def text_parser(*, max_length: int | None = None) -> Callable[[Any], str]:
    return lambda value: parse_text(value, max_length=max_length)


SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


def parse_slug(value: Any, *, max_length: int = 64) -> str:
    text = parse_text(value, max_length=max_length)
    if text and not SLUG_RE.match(text):
        raise RowError(_("%(value)r may contain only letters, digits, - and _") % {"value": text})
    return text


def parse_email(value: Any) -> str:
    """An e-mail address, trimmed and lower-case (so that comparisons are case-insensitive)."""
    text = cell_text(value).lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise RowError(_("%(value)r is not a valid e-mail address") % {"value": text}) from None
    return text


def choice_parser(choices: Iterable[str]) -> Callable[[Any], str]:
    """A parser accepting one of `choices`, case-insensitive, spaces and hyphens as `_`."""
    allowed = list(choices)
    lookup = {choice.lower(): choice for choice in allowed}

    def parse(value: Any) -> str:
        text = cell_text(value)
        if not text:
            return ""
        key = "_".join(text.lower().replace("-", " ").split())
        if key in lookup:
            return lookup[key]
        raise RowError(
            _("unknown value %(value)r; use one of: %(allowed)s")
            % {"value": text, "allowed": ", ".join(allowed)}
        )

    return parse


TRUE_WORDS = frozenset({"yes", "y", "ja", "j", "true", "waar", "1"})
FALSE_WORDS = frozenset({"no", "n", "nee", "false", "onwaar", "0"})


def parse_bool(value: Any) -> bool | None:
    """yes/no, ja/nee, true/false, 1/0 (any case); None when empty."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = cell_text(value).lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError(_("%(value)r is not yes/no, ja/nee, true/false or 1/0") % {"value": text})


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(value: Any) -> dt.date | None:
    """2020-10-31 or 31-10-2020 (also 31/10/2020), or a native XLSX date; None when empty."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    # Dates that went through a spreadsheet sometimes keep a midnight time.
    for suffix in (" 00:00:00", "T00:00:00", " 00:00"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise RowError(_("%(value)r is not a date; write 2020-10-31 or 31-10-2020") % {"value": text})


DUTCH_DATETIME_RE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$")
DATETIME_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def parse_datetime(value: Any) -> dt.datetime | None:
    """ISO date-times, 31-10-2020 14:05, or a date (midnight); naive values are local time.

    Local time is the project's TIME_ZONE (Europe/Amsterdam). None when empty.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        text = cell_text(value)
        if not text:
            return None
        moment = None
        match = DUTCH_DATETIME_RE.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            try:
                moment = dt.datetime(
                    int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
                )
            except ValueError:
                moment = None
        if moment is None and text[:4].isdigit() and len(text) > 10:
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                moment = None
        if moment is None:
            for datetime_format in DATETIME_FORMATS:
                try:
                    moment = dt.datetime.strptime(text, datetime_format)
                    break
                except ValueError:
                    continue
        if moment is None:
            try:
                moment = dt.datetime.combine(parse_date(text), dt.time())
            except RowError:
                raise RowError(
                    _(
                        "%(value)r is not a date and time; write 2020-10-31 14:05, "
                        "31-10-2020 14:05 or a date"
                    )
                    % {"value": text}
                ) from None
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        raise RowError(_("%(value)r is not a number") % {"value": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = cell_text(value)
    if not text:
        return None
    cleaned = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." in cleaned:
        # The later separator is the decimal one: 1.234,50 or 1,234.50.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise RowError(_("%(value)r is not a number") % {"value": text}) from None
    if not number.is_finite():
        raise RowError(_("%(value)r is not a number") % {"value": text})
    return number


def parse_decimal(
    value: Any, *, decimal_places: int = 2, max_digits: int = 9, min_value: Decimal | None = None
) -> Decimal | None:
    """12.50 or 12,50 (also with € or thousands separators); None when empty."""
    number = _to_decimal(value)
    if number is None:
        return None
    quantum = Decimal(1).scaleb(-decimal_places)
    if number != number.quantize(quantum):
        raise RowError(
            _("%(value)s has more than %(places)s decimals")
            % {"value": number, "places": decimal_places}
        )
    number = number.quantize(quantum)
    if len(number.as_tuple().digits) > max_digits:
        raise RowError(_("%(value)s is too large") % {"value": number})
    if min_value is not None and number < min_value:
        raise RowError(_("%(value)s is less than %(min)s") % {"value": number, "min": min_value})
    return number


def decimal_parser(**options: Any) -> Callable[[Any], Decimal | None]:
    return lambda value: parse_decimal(value, **options)


def parse_int(value: Any, *, min_value: int | None = None) -> int | None:
    """A whole number (12, or 12.0 from a spreadsheet); None when empty."""
    try:
        number = _to_decimal(value)
    except RowError:
        raise RowError(_("%(value)r is not a whole number") % {"value": cell_text(value)}) from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RowError(_("%(value)s is not a whole number") % {"value": number})
    result = int(number)
    if min_value is not None and result < min_value:
        raise RowError(_("%(value)s is less than %(min)s") % {"value": result, "min": min_value})
    return result


def int_parser(**options: Any) -> Callable[[Any], int | None]:
    return lambda value: parse_int(value, **options)


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive slices of at most `size` items (for IN lookups of bounded size)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Writing tables -----------------------------------------------------------------------------


def safe_cell(value):
    """Text that a spreadsheet would read as a formula starts with ' instead.

    Control characters that XLSX cannot hold (a name pasted with a stray one) are dropped, so a
    download never fails on them.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return safe_cell(str(value))


def render_table_csv(*, header: list[str], rows: Iterable[list[Any]]) -> str:
    """A CSV text (comma, CRLF as RFC 4180 says): with "\n" alone a CR inside a text would
    go unquoted and start a new row in a spreadsheet, where a formula could follow it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime) or value is None:
        return value
    return safe_cell(str(value))


def render_table_xlsx(*, header: list[str], rows: Iterable[list[Any]], title: str = "") -> bytes:
    """One sheet: a bold header row, then the rows (numbers and dates as themselves)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/?*\[\]:]", "-", title)[:31] or "Export"
    sheet.append([safe_cell(name) for name in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
