"""Small-cell suppression: what a funder may see of the participants report.

A figure that describes fewer than k persons (setting `FUNDER_SUPPRESSION_THRESHOLD`, default
10) is hidden, and so is every figure that would let a hidden one be computed back.

Rules, in order:

1. *Primary.* A cell that describes persons is hidden when its value, or the number of persons
   behind it, lies in 1..k-1. A 0 is shown: it says that nobody took part, which reveals nothing
   about a person, and hiding zeros would hide most of a young programme's table for no gain.
   A participations figure can be large while few persons stand behind it (one person at twelve
   events is 12), so the persons behind a cell count as well as its value.
2. *Complementary.* The report has exact sum relations per year: a summary row is the sum of
   its parts, and with unit "persons" the unique-persons line equals the only row that has
   anybody in it. For each relation that holds a hidden cell:
   - when the total is hidden, at least one part must be hidden too (else the total is the sum
     of the shown parts);
   - when the total is shown, at least two parts must be hidden, and what they add up to (the
     total minus the shown parts) must itself be >= k and describe >= k persons. The persons of
     that residual are counted as the largest single hidden cell, because the same person may
     stand in several rows; a sum would overstate them.
   Otherwise the smallest shown non-zero part is hidden as well (one with >= k persons when the
   residual lacks persons), or, when no part qualifies, the total. Zeros are never picked as a
   complement: a hidden 0 would be recognisable as the complement and give the other cell back.
   This repeats until no relation needs another cell.

3. *Consistent over the release.* A funder may see the same figures in several tables: whole
   years and their quarters, counted in participations and in persons, the frozen reports
   meant for funders, as HTML and as every download. All of them are suppressed together
   (`_hide_over_release`): a year
   is the sum of its four quarters (exactly for participations; for distinct persons the year is
   at most that sum, and treating it as the sum hides at least what the exact relation would),
   and a cell hidden in one unit is hidden in the other, because persons <= participations
   would otherwise bound a hidden participations figure by a shown persons figure. The rules
   above then run over every table until none needs another cell, and each view shows the one
   resulting set. Fixed release periods and one suppression pattern per release are the
   table-builder rules of statistical offices (see docs/security.md, "Funder figures").

Online visitors are no persons and their cells are never hidden for their own sake; funding
figures are about money, not persons, and are not passed through here at all.
"""

import copy
import dataclasses
import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import timezone

from perspectives.core.indicators import PARTICIPATIONS, PERSONS
from perspectives.core.periods import Period

from .selectors import ParticipantsReport, ReportRow, build_participants_report
from .selectors.access import list_snapshots_released_to_funders
from .selectors.funder import BY_QUARTER, BY_YEAR, list_released_periods
from .selectors.snapshots import snapshot_participants_report

DEFAULT_THRESHOLD = 10
SUPPRESSED_MARK = "x"
UNIQUE_PERSONS = "unique_persons"

Key = Hashable


def get_suppression_threshold() -> int:
    """k: figures describing fewer persons than this are hidden from funders."""
    return int(getattr(settings, "FUNDER_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class Cell:
    value: int | None  # None: not available, nothing is shown
    persons: int | None = None  # the persons behind the figure, None when it counts none
    describes_persons: bool = False
    # What hiding it as a complement costs (lowest first): a stretch that is never published
    # costs nothing, a cell of a frozen report little, a cell of the released periods most.
    complement_cost: int = 2


@dataclass(frozen=True)
class Relation:
    """`total` equals the sum of `parts` exactly."""

    total: Key
    parts: tuple[Key, ...]


def _is_small(cell: Cell, threshold: int) -> bool:
    if not cell.describes_persons or cell.value is None:
        return False
    small_value = 0 < cell.value < threshold
    small_persons = cell.persons is not None and 0 < cell.persons < threshold
    return small_value or small_persons


UNPUBLISHED_COST, FROZEN_COST = 0, 1


def _cheapest(keys: Iterable[Key], cells: dict[Key, Cell]) -> Key | None:
    """The complement to hide: the cheapest, then the smallest (a stable order after that)."""
    ordered = sorted(keys, key=lambda key: (cells[key].complement_cost, cells[key].value, str(key)))
    return ordered[0] if ordered else None


def _complement(
    relation: Relation, cells: dict[Key, Cell], hidden: set[Key], threshold: int
) -> Key | None:
    """The next cell to hide so that this relation gives nothing back; None when it is safe."""
    members = (relation.total, *relation.parts)
    if any(cells[key].value is None for key in members):
        return None
    hidden_parts = [key for key in relation.parts if key in hidden]
    shown_parts = [key for key in relation.parts if key not in hidden and cells[key].value > 0]
    if relation.total in hidden:
        if hidden_parts:
            return None
        return _cheapest(shown_parts, cells)
    if not hidden_parts:
        return None
    residual = sum(cells[key].value for key in hidden_parts)
    residual_persons = max((cells[key].persons or 0) for key in hidden_parts)
    if len(hidden_parts) >= 2 and residual >= threshold and residual_persons >= threshold:
        return None
    if residual_persons < threshold:
        shown_parts = [key for key in shown_parts if (cells[key].persons or 0) >= threshold]
    choice = _cheapest(shown_parts, cells)
    total_cost = cells[relation.total].complement_cost
    if choice is None or total_cost < cells[choice].complement_cost:
        return relation.total
    return choice


def suppress_cells(
    *,
    cells: dict[Key, Cell],
    relations: list[Relation],
    threshold: int,
    hidden: Iterable[Key] = (),
) -> set[Key]:
    """The keys of the cells to hide: the small ones and those that would give them back.

    `hidden` holds keys already hidden elsewhere (another table of the same figures); the
    relations here are then made safe around them too.
    """
    hidden = set(hidden) | {key for key, cell in cells.items() if _is_small(cell, threshold)}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            key = _complement(relation, cells, hidden, threshold)
            if key is not None:
                hidden.add(key)
                changed = True
    return hidden


def suppress_tables_together(
    *, tables: list[tuple[dict[Key, Cell], list[Relation]]], threshold: int
) -> set[Key]:
    """The keys to hide in tables that show the same figures (keys) in other ways.

    A key hidden in one table is hidden in all, and every table's relations are made safe with
    the keys hidden in any of them; repeated until no table needs another cell.
    """
    hidden: set[Key] = set()
    while True:
        before = len(hidden)
        for cells, relations in tables:
            hidden = suppress_cells(
                cells=cells, relations=relations, threshold=threshold, hidden=hidden
            )
        if len(hidden) == before:
            return hidden


@dataclass
class SuppressedParticipantsReport(ParticipantsReport):
    """A participants report with its small cells hidden (value None, key in `suppressed`).

    Keys are (indicator code, column) and (UNIQUE_PERSONS, column); a column is a year, or a
    quarter ("2020-Q1") on the funder pages. The persons per row are not
    carried at all: the funder sees the figures of the table and nothing behind them.
    """

    threshold: int = DEFAULT_THRESHOLD
    suppressed: frozenset = field(default_factory=frozenset)

    def is_suppressed(self, code: str, year: int) -> bool:
        return (code, year) in self.suppressed


def _summary_persons(summary: ReportRow, parts: list[ReportRow], person_rows, unique, year):
    # The distinct persons behind a summary: exact when it covers every row that counts people
    # (then it is the unique-persons line), else the largest part, a lower bound.
    if {row.code for row in parts if row.counts_people} == person_rows:
        return unique[year]
    return max((row.persons[year] or 0) for row in parts if row.counts_people)


def report_cells(report: ParticipantsReport) -> tuple[dict[Key, Cell], list[Relation]]:
    """The report's figures as cells, with the exact sum relations between them."""
    cells: dict[Key, Cell] = {}
    relations: list[Relation] = []
    by_code = {row.code: row for row in report.rows}
    person_rows = {row.code for row in report.rows if row.counts_people and not row.unavailable}
    for year in report.years:
        for row in report.rows:
            cells[(row.code, year)] = Cell(
                value=row.values[year],
                persons=row.persons[year] if row.counts_people else None,
                describes_persons=row.counts_people,
            )
        for summary in report.summary_rows:
            parts = [by_code[code] for code in summary.sum_of if code in by_code]
            describes = any(part.counts_people for part in parts)
            persons = None
            if describes and not summary.unavailable:
                persons = _summary_persons(summary, parts, person_rows, report.unique_persons, year)
            cells[(summary.code, year)] = Cell(
                value=summary.values[year], persons=persons, describes_persons=describes
            )
            if not summary.unavailable and len(parts) == len(summary.sum_of):
                relations.append(
                    Relation(
                        total=(summary.code, year),
                        parts=tuple((part.code, year) for part in parts),
                    )
                )
        unique = report.unique_persons[year]
        cells[(UNIQUE_PERSONS, year)] = Cell(value=unique, persons=unique, describes_persons=True)
        if report.unit == PERSONS:
            occupied = [code for code in person_rows if (by_code[code].values[year] or 0) > 0]
            if len(occupied) == 1:
                relations.append(
                    Relation(total=(UNIQUE_PERSONS, year), parts=((occupied[0], year),))
                )
    return cells, relations


def suppress_participants_report(
    *, report: ParticipantsReport, threshold: int | None = None
) -> SuppressedParticipantsReport:
    """A copy of the report with small cells and their complements hidden, on its own.

    The funder pages use `build_funder_participants_report`, which also makes the years, the
    quarters and both units agree; this one serves a single report (the `report` command).
    """
    k = get_suppression_threshold() if threshold is None else threshold
    cells, relations = report_cells(report)
    hidden = suppress_cells(cells=cells, relations=relations, threshold=k)
    return _hide(report, hidden=hidden, threshold=k)


def period_relations(*, report: ParticipantsReport, whole: Key, parts: list[Key]) -> list[Relation]:
    """Per row (and the unique-persons line): the figure of `whole` is the sum of its `parts`."""
    codes = [row.code for row in report.all_rows if not row.unavailable] + [UNIQUE_PERSONS]
    return [
        Relation(total=(code, whole), parts=tuple((code, part) for part in parts)) for code in codes
    ]


def build_funder_participants_report(
    *,
    years: list[int],
    by: str = BY_YEAR,
    unit: str = PARTICIPATIONS,
    language: str = "nl",
    today: dt.date | None = None,
    threshold: int | None = None,
) -> SuppressedParticipantsReport:
    """The participants report as a funder sees it: released periods only, suppressed as one.

    `by` is BY_YEAR (one column per year, every year ended) or BY_QUARTER (one column per ended
    quarter of these years). Whatever is asked, the hidden cells are those of the whole release
    of these years (`_hide_over_release`), so that no view shows a cell that another hides.
    Raises ValueError when `by` has no released period.
    """
    k = get_suppression_threshold() if threshold is None else threshold
    today = timezone.localdate() if today is None else today
    whole, quarters = list_released_periods(years=years, today=today)
    views = {BY_YEAR: whole, BY_QUARTER: quarters}
    if by not in views or not views[by] or (by == BY_YEAR and len(whole) != len(set(years))):
        raise ValueError("no released period for this view")
    hidden, reports = _hide_over_release(years=years, today=today, language=language, k=k)
    return _hide(reports[(by, unit)], hidden=hidden, threshold=k)


def build_funder_snapshot_report(
    *,
    snapshot,
    language: str = "nl",
    today: dt.date | None = None,
    threshold: int | None = None,
) -> SuppressedParticipantsReport:
    """A frozen participants report as a funder sees it: its figures, suppressed with the release.

    The snapshot's cells are hidden as one pattern with the ended years and quarters of its
    years and with every other frozen report released to funders, so that the frozen figures
    and today's cannot be differenced either.
    """
    k = get_suppression_threshold() if threshold is None else threshold
    today = timezone.localdate() if today is None else today
    report = snapshot_participants_report(snapshot, language=language)
    hidden, _ = _hide_over_release(years=report.years, today=today, language=language, k=k)
    own = {
        (code, column[2])
        for code, column in hidden
        if isinstance(column, tuple) and column[:2] == (FROZEN, snapshot.pk)
    }
    return _hide(report, hidden=own, threshold=k)


FROZEN, UNREPORTED = "frozen", "unreported"


def _hide_over_release(*, years: list[int], today: dt.date, language: str, k: int):
    """The cells to hide over everything released of these years, and the reports built.

    The release of a year is: the year once ended, its ended quarters, in both units, and the
    year's columns of every frozen report meant for a funder. A year is the sum of its quarters
    (exactly for participations; for distinct persons the year is at most that sum, and
    treating it as the sum hides at least what the exact relation would), and a cell hidden in
    one unit is hidden in the other, because persons <= participations would otherwise bound a
    hidden participations figure by a shown persons figure.

    A frozen column covers the ended quarters before its last day and a stretch that no
    released period covers (a year cut off at 31 October: Q1-Q3 and October). That stretch is
    an unpublished cell of its own, worth the frozen figure minus today's quarters: whatever a
    funder could compute by subtraction. It is protected like a shown cell, and hiding it costs
    nothing, so it is the first complement chosen; then a frozen cell, and only then a cell of
    the released periods, so that a frozen report takes the hiding it causes on itself.
    """
    whole, quarters = list_released_periods(years=years, today=today)
    views = {BY_YEAR: whole, BY_QUARTER: quarters}
    snapshots = _released_snapshot_reports(years=years, language=language)
    reports: dict[tuple[str, str], ParticipantsReport] = {}
    tables = []
    for counted_in in (PARTICIPATIONS, PERSONS):
        cells: dict[Key, Cell] = {}
        relations: list[Relation] = []
        for view, periods in views.items():
            if not periods:
                continue
            report = build_participants_report(periods=periods, unit=counted_in, language=language)
            reports[(view, counted_in)] = report
            view_cells, view_relations = report_cells(report)
            cells.update(view_cells)
            relations += view_relations
        for year in whole:
            parts = [key for key, period in quarters.items() if period.start.year == year]
            relations += period_relations(
                report=reports[(BY_YEAR, counted_in)], whole=year, parts=parts
            )
        frozen = [(s, r) for s, r in snapshots if r.unit == counted_in]
        frozen_cells, frozen_relations = _frozen_cells(
            frozen=frozen,
            quarters=quarters,
            quarter_report=reports.get((BY_QUARTER, counted_in)),
            years=years,
            language=language,
        )
        cells.update(frozen_cells)
        relations += frozen_relations
        tables.append((cells, relations))
    return suppress_tables_together(tables=tables, threshold=k), reports


def _released_snapshot_reports(*, years: list[int], language: str):
    wanted = set(years)
    return [
        (snapshot, report)
        for snapshot in list_snapshots_released_to_funders()
        if wanted & set(snapshot.parameters.get("years", []))
        for report in [snapshot_participants_report(snapshot, language=language)]
    ]


def _frozen_cells(*, frozen, quarters, quarter_report, years, language):
    """Cells and relations of the frozen reports' columns of these years (see above)."""
    cells: dict[Key, Cell] = {}
    relations: list[Relation] = []
    unreported: dict[Key, Period] = {}
    covering: dict[Key, list[str]] = {}
    for snapshot, report in frozen:
        column = {year: (FROZEN, snapshot.pk, year) for year in report.years}
        snapshot_cells, snapshot_relations = report_cells(_rekeyed(report, column))
        for key, cell in snapshot_cells.items():
            if key[1][2] in years:
                cells[key] = replace(cell, complement_cost=FROZEN_COST)
        relations += [r for r in snapshot_relations if r.total[1][2] in years]
        frozen_on = timezone.localtime(snapshot.created_at).date()
        for year in report.years:
            if year not in years:
                continue
            last = min(report.periods[year].last_day, frozen_on)
            inside = [
                label
                for label, period in quarters.items()
                if period.start.year == year and period.end <= last
            ]
            if not inside:
                continue  # no released period inside: nothing to subtract from it
            covered_to = max(quarters[label].end for label in inside)
            if covered_to < last:
                key = (UNREPORTED, snapshot.pk, year)
                unreported[key] = Period(
                    label=f"{UNREPORTED}-{snapshot.pk}-{year}",
                    start=covered_to + dt.timedelta(days=1),
                    end=last,
                )
                covering[key] = inside
            parts = [*inside, *([(UNREPORTED, snapshot.pk, year)] if covered_to < last else [])]
            relations += period_relations(report=report, whole=column[year], parts=parts)
    if unreported:
        stretch_cells, stretch_relations = _unreported_cells(
            unreported=unreported,
            covering=covering,
            frozen=dict(((FROZEN, s.pk, year), (r, year)) for s, r in frozen for year in r.years),
            quarter_report=quarter_report,
            language=language,
        )
        cells.update(stretch_cells)
        relations += stretch_relations
    return cells, relations


def _unreported_cells(*, unreported, covering, frozen, quarter_report, language):
    """The stretches of frozen columns no released period covers, as unpublished cells."""
    counted = build_participants_report(
        periods=unreported, unit=quarter_report.unit, language=language
    )
    quarter_values = {row.code: row.values for row in quarter_report.all_rows}
    quarter_values[UNIQUE_PERSONS] = quarter_report.unique_persons
    for key in unreported:
        report, year = frozen[(FROZEN, *key[1:])]
        snapshot_values = {row.code: row.values[year] for row in report.all_rows}
        snapshot_values[UNIQUE_PERSONS] = report.unique_persons[year]
        for row in counted.all_rows:
            row.values[key] = _difference(
                snapshot_values.get(row.code), quarter_values.get(row.code), covering[key]
            )
        counted.unique_persons[key] = _difference(
            snapshot_values[UNIQUE_PERSONS], quarter_values[UNIQUE_PERSONS], covering[key]
        )
    cells, relations = report_cells(counted)
    return {
        key: replace(cell, complement_cost=UNPUBLISHED_COST) for key, cell in cells.items()
    }, relations


def _difference(frozen_value, quarter_values, labels) -> int | None:
    if frozen_value is None or quarter_values is None:
        return None
    parts = [quarter_values.get(label) for label in labels]
    if any(part is None for part in parts):
        return None
    return frozen_value - sum(parts)


def _rekeyed(report: ParticipantsReport, column: dict) -> ParticipantsReport:
    """The same report with its columns under other keys (`column` maps old to new)."""
    rows = copy.deepcopy(report.rows)
    summary_rows = copy.deepcopy(report.summary_rows)
    for row in [*rows, *summary_rows]:
        row.values = {column[y]: v for y, v in row.values.items()}
        row.persons = {column[y]: v for y, v in row.persons.items()}
    return dataclasses.replace(
        report,
        years=[column[y] for y in report.years],
        periods={column[y]: p for y, p in report.periods.items()},
        rows=rows,
        summary_rows=summary_rows,
        unique_persons={column[y]: n for y, n in report.unique_persons.items()},
    )


def _hide(report: ParticipantsReport, *, hidden: set[Key], threshold: int):
    hidden = {key for key in hidden if key[1] in report.periods}
    rows = copy.deepcopy(report.rows)
    summary_rows = copy.deepcopy(report.summary_rows)
    for row in [*rows, *summary_rows]:
        row.values = {y: None if (row.code, y) in hidden else v for y, v in row.values.items()}
        row.persons = dict.fromkeys(row.persons)
    unique = {
        y: None if (UNIQUE_PERSONS, y) in hidden else n for y, n in report.unique_persons.items()
    }
    return SuppressedParticipantsReport(
        years=list(report.years),
        through=report.through,
        unit=report.unit,
        periods=dict(report.periods),
        rows=rows,
        summary_rows=summary_rows,
        unique_persons=unique,
        definitions=copy.deepcopy(report.definitions),
        generated_at=report.generated_at,
        threshold=threshold,
        suppressed=frozenset(hidden),
    )
