"""Sorting, searching and exporting the staff lists: one implementation every list uses.

A list declares its `Column`s: each says how it is shown, under which key it may be sorted (the
ORM fields behind that key are fixed in code, so a request never reaches `order_by` with text of
its own) and how its cells read in an export. `ListControls` reads `?sort=`, `?q=` and
`?export=` from the request; `ListControlsMixin` gives a view the page as usual and, with
`?export=csv` or `?export=xlsx`, the whole list as filtered and sorted on the page (not just the
page shown) as a download whose cells cannot run as formulas (`core.tabular.safe_cell`).
"""

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from .security_log import log_security_event
from .tabular import render_table_csv, render_table_xlsx
from .views import query_text

SORT_PARAM = "sort"
SEARCH_PARAM = "q"
EXPORT_PARAM = "export"
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """One column of a staff list.

    key: the name of the column in the sort parameter and the export's header.
    label: the heading (translatable).
    sort: the ORM fields this column sorts by, ascending; empty: the column is not sortable.
    value: what an export writes in the cell, from the row's object (default: the attribute
    named `key`).
    is_numeric: right-aligned on the page.
    is_shown: False for a column only the export has (a code shown inside another cell).
    is_exported: False for a column only the page has (a checkbox, a form).
    is_label_hidden: the heading is read out by screen readers but not shown.
    """

    key: str
    label: Any
    sort: tuple[str, ...] = ()
    value: Callable[[Any], Any] | None = None
    is_numeric: bool = False
    is_shown: bool = True
    is_exported: bool = True
    is_label_hidden: bool = False

    def cell(self, item: Any) -> Any:
        getter = self.value or operator.attrgetter(self.key)
        value = getter(item)
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        return value


@dataclass(frozen=True)
class Header:
    """A column heading as a template shows it."""

    label: Any
    url: str  # the link that sorts by this column (the other way when it sorts already)
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    is_sortable: bool
    is_numeric: bool
    is_label_hidden: bool = False


class ListControls:
    """The sort, search and export choices of one request to one list."""

    def __init__(self, *, request, columns: Sequence[Column], default_sort: str) -> None:
        self.request = request
        self.columns = list(columns)
        self.sortable = {column.key: column for column in self.columns if column.sort}
        default_key = default_sort.removeprefix("-")
        if default_key not in self.sortable:
            raise ValueError(f"default sort {default_sort!r} is not a sortable column")
        self.default_sort = default_sort

    @cached_property
    def sort(self) -> tuple[str, bool]:
        """(column key, descending); an unknown or empty sort parameter gives the default."""
        wanted = self.request.GET.get(SORT_PARAM, "")
        key = wanted.removeprefix("-")
        if key not in self.sortable:
            wanted = self.default_sort
            key = wanted.removeprefix("-")
        return key, wanted.startswith("-")

    @cached_property
    def search(self) -> str:
        """The text of the search box (a NUL in it answers 400)."""
        return query_text(self.request, SEARCH_PARAM, max_length=100)

    def order(self, queryset: QuerySet) -> QuerySet:
        """The queryset in the chosen order, ties broken by primary key (stable pages)."""
        key, descending = self.sort
        fields = self.sortable[key].sort
        if descending:
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        tie = "-pk" if descending else "pk"
        return queryset.order_by(*fields, tie)

    def _url(self, **changes: str | None) -> str:
        params = self.request.GET.copy()
        for name in ("page", EXPORT_PARAM, *changes):
            params.pop(name, None)
        for name, value in changes.items():
            if value is not None:
                params[name] = value
        query = params.urlencode()
        return f"{self.request.path}?{query}" if query else self.request.path

    @property
    def headers(self) -> list[Header]:
        key, descending = self.sort
        headers = []
        for column in self.columns:
            if not column.is_shown:
                continue
            is_current = column.key == key
            if is_current:
                aria_sort = "descending" if descending else "ascending"
                url = self._url(**{SORT_PARAM: column.key if descending else f"-{column.key}"})
            else:
                aria_sort = ""
                url = self._url(**{SORT_PARAM: column.key})
            headers.append(
                Header(
                    label=column.label,
                    url=url,
                    aria_sort=aria_sort,
                    is_sortable=bool(column.sort),
                    is_numeric=column.is_numeric,
                    is_label_hidden=column.is_label_hidden,
                )
            )
        return headers

    @property
    def export_urls(self) -> dict[str, str]:
        """format -> the link that downloads the list as filtered and sorted now."""
        return {fmt: self._url(**{EXPORT_PARAM: fmt}) for fmt in EXPORT_FORMATS}

    @property
    def export_format(self) -> str:
        """The export asked for (csv or xlsx), or "" for the page."""
        fmt = self.request.GET.get(EXPORT_PARAM, "")
        return fmt if fmt in EXPORT_FORMATS else ""

    def export(self, *, queryset: QuerySet, name: str) -> HttpResponse:
        """The whole (filtered, sorted) list as a CSV or XLSX download; logged as an export."""
        fmt = self.export_format
        columns = [column for column in self.columns if column.is_exported]
        header = [column.key for column in columns]
        rows = (
            [column.cell(item) for column in columns] for item in queryset.iterator(chunk_size=2000)
        )
        if fmt == "csv":
            body = render_table_csv(header=header, rows=rows)
        else:
            body = render_table_xlsx(header=header, rows=rows, title=name)
        log_security_event(
            request=self.request,
            action="export.list",
            result="success",
            actor_id=self.request.user.pk,
            object=f"list:{name}:{fmt}",
        )
        response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-{stamp}.{fmt}"'
        return response


class ListControlsMixin:
    """A staff list that can be sorted by column, searched and exported as shown.

    The view gives `list_columns`, `default_sort` and `export_name`, and `get_list_queryset()`
    (filtered, in any order); `sorted_list()` is that in the chosen order, for the page.
    The template includes "staff/_list_head.html" (the table's head) and
    "staff/_list_export.html" (the download links).
    """

    list_columns: Sequence[Column] = ()
    default_sort: str = ""
    export_name: str = "list"

    @cached_property
    def list_controls(self) -> ListControls:
        return ListControls(
            request=self.request, columns=self.list_columns, default_sort=self.default_sort
        )

    def get_list_queryset(self) -> QuerySet:
        raise NotImplementedError

    def sorted_list(self) -> QuerySet:
        return self.list_controls.order(self.get_list_queryset())

    def get(self, request, *args, **kwargs):
        if self.list_controls.export_format:
            return self.list_controls.export(queryset=self.sorted_list(), name=self.export_name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_controls=self.list_controls, **kwargs)
