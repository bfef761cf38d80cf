"""The import framework: CSV/XLSX files validated row by row, then written all at once or not at all.

Protocol for an app that adds an import kind (e.g. `perspectives import reach FILE`):

1. Subclass `ImportKind` and set
   - `name` (the KIND of the command line, e.g. "reach") and `label` (translatable, for the page);
   - `columns`: a tuple of `Column(name, parse, required=..., help=...)`. `parse` turns one raw
     cell (a string from CSV, or a native value from XLSX; empty cells arrive as "" or None) into
     a value and raises `perspectives.core.tabular.RowError("clear message")` when it cannot
     (ready-made parsers live in `perspectives.core.tabular`). It must be a pure function of the
     cell: results are cached per distinct cell value. A `required` column must be in the
     header and have a value in every row; other columns may be absent or empty;
   - `key_columns`: the columns that identify a record; a second row with the same key in one
     file is an error on that later row;
   - `audit_action`: the dotted key of the one audit entry written per import
     (e.g. "reach.figures.imported");
   - optionally `validate(rows)`: checks across rows or against the database (set-based, never a
     query per row); yield `Issue(row=..., column=..., message=...)` for each problem;
   - `apply(rows, *, actor, file_name) -> Outcome`: write the rows (through your app's services)
     and return how many records were created, updated and left unchanged. It runs inside the
     import's transaction; it must not write the audit entry (run_import does).
   Each row is a `Row` with `.number` (spreadsheet row, header = 1) and `.values`, a dict with
   the parsed value of every column present in the file (absent columns are absent keys, so
   that an update leaves fields alone that the file does not mention).
2. Register one instance from your AppConfig.ready():
   `perspectives.core.registry.importers.register(kind.name, kind)`.

`run_import(...)` reads the file, reports unknown columns (a warning) and missing required
columns (an error), parses and validates every row, and refuses the whole file when any row is
wrong unless `skip_invalid` is given (then the bad rows are skipped and listed). Everything is
written in one transaction with one audit entry; `dry_run` does the same work and rolls back,
so its counts say exactly what an import would do.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, models, router, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from .registry import importers
from .services import log_action
from .tabular import RowError, TableError, parse_text, read_table

PREVIEW_ROWS = 20
_MISSING = object()


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Issue:
    """One problem: with a row (and column) when it concerns a row, else about the whole file."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass(slots=True)
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: dict[str, Any] = field(default_factory=dict)  # extra counts for the audit entry


class ImportKind:
    name: str = ""
    label: Any = ""
    columns: tuple[Column, ...] = ()
    key_columns: tuple[str, ...] = ()
    audit_action: str = ""

    def validate(self, rows: list[Row]) -> Iterable[Issue]:
        return ()

    def apply(self, rows: list[Row], *, actor: Any, file_name: str) -> Outcome:
        raise NotImplementedError


@dataclass
class ImportResult:
    kind: str
    file_name: str
    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[int] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preview: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    refused: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused


class _DryRunRollback(Exception):
    pass


def get_import_kind(*, kind: "str | ImportKind") -> ImportKind:
    """The registered import kind; raises KeyError for an unknown name."""
    return importers.get(kind) if isinstance(kind, str) else kind


def run_import(
    *,
    kind: "str | ImportKind",
    file: "str | Path | bytes",
    file_name: str = "",
    actor: Any = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: bool = False,
) -> ImportResult:
    """Validate a CSV/XLSX file and, unless refused or a dry run, write it in one transaction."""
    import_kind = get_import_kind(kind=kind)
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        path = Path(file)
        data = path.read_bytes()
        file_name = file_name or path.name
    result = ImportResult(kind=import_kind.name, file_name=file_name, dry_run=dry_run)

    try:
        table = read_table(data=data, file_name=file_name)
    except TableError as exc:
        return _refuse(result, Issue(str(exc)))
    del data

    positions = _map_columns(import_kind, table.headers, result)
    if result.errors:
        return _refuse(result)
    result.columns = [column.name for column in import_kind.columns if column.name in positions]

    rows, bad_rows = _parse_rows(import_kind, table, positions, result, progress=progress)
    result.total_rows = len(table.rows)
    del table
    if rows:
        for issue in import_kind.validate(rows):
            result.errors.append(issue)
            if issue.row is not None:
                bad_rows.add(issue.row)
    result.errors.sort(key=lambda issue: issue.row or 0)
    if any(issue.row is None for issue in result.errors):
        return _refuse(result)
    if bad_rows:
        if not skip_invalid:
            return _refuse(result)
        result.skipped = sorted(bad_rows)
        rows = [row for row in rows if row.number not in bad_rows]
    if not rows:
        return _refuse(result, Issue(_("There are no valid rows to import.")))

    try:
        with transaction.atomic():
            outcome = import_kind.apply(rows, actor=actor, file_name=file_name)
            result.created, result.updated, result.unchanged = (
                outcome.created,
                outcome.updated,
                outcome.unchanged,
            )
            result.details = dict(outcome.details)
            if dry_run:
                raise _DryRunRollback
            log_action(
                action=import_kind.audit_action,
                actor=actor,
                data={
                    "file_name": file_name,
                    "rows": result.total_rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "skipped": len(result.skipped),
                    **result.details,
                },
            )
    except _DryRunRollback:
        pass
    return result


def _refuse(result: ImportResult, issue: Issue | None = None) -> ImportResult:
    if issue is not None:
        result.errors.append(issue)
    result.refused = True
    return result


def _map_columns(kind: ImportKind, headers: list[str], result: ImportResult) -> dict[str, int]:
    known = {column.name for column in kind.columns}
    positions = {name: index for index, name in enumerate(headers) if name in known}
    unknown = [name for name in headers if name and name not in known]
    missing = [
        column.name for column in kind.columns if column.required and column.name not in positions
    ]
    if unknown:
        result.warnings.append(
            _("Unknown columns, ignored: %(columns)s") % {"columns": ", ".join(unknown)}
        )
    if missing:
        result.errors.append(
            Issue(
                _("Required columns are missing: %(columns)s (expected columns: %(expected)s)")
                % {
                    "columns": ", ".join(missing),
                    "expected": ", ".join(column.name for column in kind.columns),
                }
            )
        )
    return positions


@dataclass(frozen=True, slots=True)
class _Invalid:
    message: str


def _parse_cell(parse: Callable[[Any], Any], raw: Any, required: bool) -> Any:
    try:
        value = parse(raw)
    except RowError as exc:
        return _Invalid(str(exc))
    if required and (value is None or value == ""):
        return _Invalid(_("a value is required"))
    return value


def _parse_rows(
    kind: ImportKind,
    table: Any,
    positions: dict[str, int],
    result: ImportResult,
    *,
    progress: bool,
) -> tuple[list[Row], set[int]]:
    """Parse every cell; rows with a problem are left out of the returned list and listed."""
    # Parsers are pure functions of the cell, and cells repeat a lot (codes, e-mail addresses,
    # statuses), so each column remembers what it parsed: this halves the time of large files.
    columns = [
        (column.name, positions[column.name], {}, column.parse, column.required)
        for column in kind.columns
        if column.name in positions
    ]
    width = len(table.headers)
    key_columns = [name for name in kind.key_columns if name in positions]
    seen_keys: dict[tuple, int] = {}
    rows: list[Row] = []
    bad_rows: set[int] = set()
    errors = result.errors
    for number, cells in tqdm(
        table.rows,
        desc=_("Checking rows"),
        unit=_("rows"),
        disable=True if not progress else None,
        mininterval=0.5,
    ):
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        values: dict[str, Any] = {}
        row_ok = True
        for name, index, cache, parse, required in columns:
            raw = cells[index]
            # Only text is cached: XLSX's True, 1 and 1.0 are equal as dict keys.
            if raw.__class__ is str:
                value = cache.get(raw, _MISSING)
                if value is _MISSING:
                    value = cache[raw] = _parse_cell(parse, raw, required)
            else:
                value = _parse_cell(parse, raw, required)
            if value.__class__ is _Invalid:
                errors.append(Issue(value.message, row=number, column=name))
                row_ok = False
            else:
                values[name] = value
        if len(cells) > width and any(cell not in (None, "") for cell in cells[width:]):
            errors.append(
                Issue(_("the row has more cells than the header has columns"), row=number)
            )
            row_ok = False
        if row_ok and key_columns:
            key = tuple(values.get(name) for name in key_columns)
            first = seen_keys.get(key)
            if first is not None:
                errors.append(
                    Issue(
                        _("duplicate of row %(row)s (same %(columns)s)")
                        % {"row": first, "columns": ", ".join(key_columns)},
                        row=number,
                        column=key_columns[0],
                    )
                )
                row_ok = False
            else:
                seen_keys[key] = number
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(Row(number=number, values=values))
        if row_ok:
            rows.append(Row(number=number, values=values))
        else:
            bad_rows.add(number)
    return rows, bad_rows


def insert_rows(
    *, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert many new rows of `model` (values in `fields` order); returns how many.

    For the bulk writes of imports: PostgreSQL gets COPY, several times faster than a
    multi-row INSERT for 100,000 rows; SQLite gets one prepared INSERT run with executemany
    (values prepared by the model fields, as bulk_create does). Nothing is returned
    (no primary keys), no signals are sent and auto_now fields must be given explicitly.
    Must be called inside a transaction.
    """
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    if connection.vendor != "postgresql":
        # What bulk_create does, without building a model instance and compiling SQL per row.
        model_fields = [opts.get_field(name) for name in fields]
        quote = connection.ops.quote_name
        # Only quoted names from the model's meta go into the SQL; values are parameters.
        statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(opts.db_table),
            ", ".join(quote(field.column) for field in model_fields),
            ", ".join(["%s"] * len(model_fields)),
        )
        count = 0
        batch: list[list[Any]] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(model_fields, row, strict=True)
                    ]
                )
                if len(batch) == 5000:
                    cursor.executemany(statement, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
                count += len(batch)
        return count
    from psycopg import sql

    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(opts.db_table),
        columns=sql.SQL(", ").join(sql.Identifier(opts.get_field(name).column) for name in fields),
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
