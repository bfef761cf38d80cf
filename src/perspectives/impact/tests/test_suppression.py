"""Small-cell suppression: small cells hidden, and none can be computed back from the others."""

from fractions import Fraction

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.selectors import build_participants_report
from perspectives.impact.suppression import (
    Cell,
    Relation,
    get_suppression_threshold,
    suppress_cells,
    suppress_participants_report,
    suppress_tables_together,
)
from perspectives.people.tests.factories import PersonFactory

K = 10
PARTS = ("starters", "professionals", "knowledge_events", "business_coaching")
TOTAL = "participants_training_and_events"


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [list(row) for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][column] != 0:
                factor = matrix[i][column] / matrix[rank][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


def recoverable_cells(hidden: set, relations: list[Relation]) -> set:
    """Hidden cells whose value follows from the shown ones through the sum relations.

    Each relation total - sum(parts) = 0 is one linear equation; shown cells are constants. A
    hidden cell is determined exactly when its unit vector lies in the row space of the
    equations restricted to the hidden cells.
    """
    unknowns = sorted(hidden, key=str)
    if not unknowns:
        return set()
    index = {key: i for i, key in enumerate(unknowns)}
    equations = []
    for relation in relations:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in [(relation.total, 1), *((part, -1) for part in relation.parts)]:
            if key in index:
                row[index[key]] += sign
        if any(row):
            equations.append(row)
    base = _rank(equations) if equations else 0
    found = set()
    for key in unknowns:
        unit = [Fraction(int(i == index[key])) for i in range(len(unknowns))]
        if _rank([*equations, unit]) == base:
            found.add(key)
    return found


def _year_table(draw, year: int):
    cells, part_keys = {}, []
    for code in PARTS:
        persons = draw(st.integers(min_value=0, max_value=25))
        extra = draw(st.integers(min_value=0, max_value=6)) if persons else 0
        cells[(code, year)] = Cell(value=persons + extra, persons=persons, describes_persons=True)
        part_keys.append((code, year))
    total = sum(cells[key].value for key in part_keys)
    unique_floor = max(cells[key].persons for key in part_keys)
    unique_ceiling = sum(cells[key].persons for key in part_keys)
    unique = draw(st.integers(min_value=unique_floor, max_value=max(unique_floor, unique_ceiling)))
    cells[(TOTAL, year)] = Cell(value=total, persons=unique, describes_persons=True)
    cells[("unique_persons", year)] = Cell(value=unique, persons=unique, describes_persons=True)
    online = draw(st.integers(min_value=0, max_value=30))
    cells[("online_sharing", year)] = Cell(value=online)
    cells[("online_visitors", year)] = Cell(value=online)
    relations = [
        Relation(total=(TOTAL, year), parts=tuple(part_keys)),
        Relation(total=("online_visitors", year), parts=(("online_sharing", year),)),
    ]
    return cells, relations


@st.composite
def cohorts(draw):
    cells, relations = {}, []
    for year in range(2020, 2020 + draw(st.integers(min_value=1, max_value=3))):
        year_cells, year_relations = _year_table(draw, year)
        cells.update(year_cells)
        relations += year_relations
    return cells, relations


@settings(max_examples=400, deadline=None)
@given(cohorts())
def test_no_hidden_cell_can_be_computed_back_from_the_shown_ones(cohort):
    cells, relations = cohort
    hidden = suppress_cells(cells=cells, relations=relations, threshold=K)

    assert recoverable_cells(hidden, relations) == set()
    for key, cell in cells.items():
        small = 0 < cell.value < K or 0 < (cell.persons or 0) < K
        if cell.describes_persons and small:
            assert key in hidden, key
        if not cell.describes_persons:
            assert key not in hidden, key
    for relation in relations:
        hidden_parts = [part for part in relation.parts if part in hidden]
        if relation.total not in hidden and hidden_parts:
            # What the shown cells leave over is itself no small figure.
            assert len(hidden_parts) >= 2
            assert sum(cells[part].value for part in hidden_parts) >= K
            assert max(cells[part].persons for part in hidden_parts) >= K


def test_a_zero_is_shown_and_never_picked_as_complement():
    cells = {
        "a": Cell(value=3, persons=3, describes_persons=True),
        "b": Cell(value=0, persons=0, describes_persons=True),
        "c": Cell(value=40, persons=30, describes_persons=True),
        "t": Cell(value=43, persons=33, describes_persons=True),
    }
    hidden = suppress_cells(cells=cells, relations=[Relation("t", ("a", "b", "c"))], threshold=K)
    assert hidden == {"a", "c"}


def test_one_person_at_many_events_is_hidden_although_the_count_is_large():
    cells = {"a": Cell(value=12, persons=1, describes_persons=True)}
    assert suppress_cells(cells=cells, relations=[], threshold=K) == {"a"}


def test_a_lone_hidden_total_takes_a_part_with_it():
    cells = {
        "a": Cell(value=12, persons=11, describes_persons=True),
        "b": Cell(value=30, persons=20, describes_persons=True),
        "t": Cell(value=42, persons=9, describes_persons=True),
    }
    hidden = suppress_cells(cells=cells, relations=[Relation("t", ("a", "b"))], threshold=K)
    assert hidden == {"a", "t"}


def test_two_small_parts_that_add_up_to_a_small_figure_take_a_third_part_along():
    cells = {
        "a": Cell(value=3, persons=3, describes_persons=True),
        "b": Cell(value=4, persons=4, describes_persons=True),
        "c": Cell(value=50, persons=40, describes_persons=True),
        "d": Cell(value=20, persons=12, describes_persons=True),
        "t": Cell(value=77, persons=55, describes_persons=True),
    }
    relation = Relation("t", ("a", "b", "c", "d"))
    assert suppress_cells(cells=cells, relations=[relation], threshold=K) == {"a", "b", "d"}


def test_figures_that_describe_no_persons_are_never_hidden():
    cells = {"visits": Cell(value=3), "total": Cell(value=3)}
    relation = Relation("total", ("visits",))
    assert suppress_cells(cells=cells, relations=[relation], threshold=K) == set()


def test_the_threshold_is_a_setting_with_default_ten():
    assert get_suppression_threshold() == 10
    with override_settings(FUNDER_SUPPRESSION_THRESHOLD=5):
        assert get_suppression_threshold() == 5


@pytest.mark.parametrize("k", [1, 5, 20])
def test_other_thresholds_hide_exactly_the_cells_below_them(k):
    cells = {
        f"v{v}": Cell(value=v, persons=v, describes_persons=True) for v in (0, 1, 4, 5, 19, 20)
    }
    hidden = suppress_cells(cells=cells, relations=[], threshold=k)
    assert hidden == {key for key, cell in cells.items() if 0 < cell.value < k}


@st.composite
def small_cohorts(draw):
    """Per year and category 0..14 persons; some persons come back in a second category."""
    plan = {
        (year, code): draw(st.integers(min_value=0, max_value=14))
        for year in (2021, 2022)
        for code in PARTS
    }
    return plan, draw(st.booleans()), draw(st.sampled_from(["participations", "persons"]))


@pytest.mark.django_db
@settings(max_examples=12, deadline=None)
@given(small_cohorts())
def test_reports_of_small_cohorts_give_no_hidden_cell_back(cohort):
    plan, returning, unit = cohort
    with transaction.atomic():
        regulars = [PersonFactory() for _ in range(14)]
        for (year, code), size in plan.items():
            activity = ActivityFactory(category=code, starts_on=f"{year}-03-01")
            for index in range(size):
                person = regulars[index] if returning else PersonFactory()
                RegistrationFactory(activity=activity, person=person)
        report = build_participants_report(years=[2021, 2022], unit=unit)
        shown = suppress_participants_report(report=report, threshold=K)
        transaction.set_rollback(True)

    relations = [
        Relation((summary.code, year), tuple((code, year) for code in summary.sum_of))
        for summary in report.summary_rows
        for year in report.years
    ]
    assert recoverable_cells(set(shown.suppressed), relations) == set()
    people = {row.code for row in report.rows if row.counts_people} | {TOTAL}
    for year in report.years:
        for original, funder_row in zip(report.all_rows, shown.all_rows, strict=True):
            value, hidden = original.values[year], shown.is_suppressed(original.code, year)
            if original.code in people:
                assert hidden or value == 0 or value >= K
                assert not (0 < value < K) or hidden
            assert funder_row.values[year] == (None if hidden else value)
        unique = report.unique_persons[year]
        assert shown.is_suppressed("unique_persons", year) == (0 < unique < K)


def _person_cell(value: int, persons: int | None = None) -> Cell:
    return Cell(value=value, persons=value if persons is None else persons, describes_persons=True)


def test_a_cell_hidden_in_one_table_is_hidden_in_the_other_and_made_safe_there():
    # The same figures in two tables (say, two units): a is small in the first, c in the second.
    relation = [Relation(total="t", parts=("a", "b", "c"))]
    first = {"a": _person_cell(4), "b": _person_cell(20), "c": _person_cell(40)}
    second = {"a": _person_cell(30), "b": _person_cell(20), "c": _person_cell(5)}
    first["t"], second["t"] = _person_cell(64), _person_cell(55)
    assert suppress_cells(cells=first, relations=relation, threshold=K) == {"a", "b"}
    assert suppress_cells(cells=second, relations=relation, threshold=K) == {"c", "b"}
    together = suppress_tables_together(tables=[(first, relation), (second, relation)], threshold=K)
    assert together == {"a", "b", "c"}


def test_a_cell_hidden_elsewhere_gets_its_complement_here():
    relation = [Relation(total="t", parts=("a", "b", "c"))]
    cells = {
        "a": _person_cell(20),
        "b": _person_cell(30),
        "c": _person_cell(40),
        "t": _person_cell(90),
    }
    assert suppress_cells(cells=cells, relations=relation, threshold=K) == set()
    # a hidden in another table of the same figures: a second part must go with it here.
    assert suppress_cells(cells=cells, relations=relation, threshold=K, hidden={"a"}) == {"a", "b"}
    assert suppress_tables_together(
        tables=[(cells, relation), ({**cells, "a": _person_cell(5)}, relation)], threshold=K
    ) == {"a", "b"}
