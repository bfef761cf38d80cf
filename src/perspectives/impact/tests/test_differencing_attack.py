"""Issue 13, item 1: a funder cannot difference its way to a hidden figure.

Small cohorts are seeded over the quarters of two years. Logged in as a funder, the attacker
asks for every view it can get (every choice of years, whole years and quarters, both units,
and every cut-off date it can think of: each quarter's end and the day before and after each
seeded activity), in every format (HTML, CSV, XLSX, JSON, PDF), and reads every number shown.

It then writes down what it knows of the figures, as a funder could from the definitions:

- within one table a sum row is the sum of its parts;
- periods are split at every date any view starts or ends, into atoms; a participations
  figure is the sum of its atoms (so a year is the sum of its quarters, and a year-to-date
  figure minus an earlier one is the atoms in between); a figure of distinct persons lies
  between its largest atom and the sum of its atoms, and grows with its period (monotone);
- distinct persons never exceed participations, and the unique-persons line lies between the
  largest category and the sum of the categories;
- every hidden figure is at least 1 (zeros are shown).

Bounds are propagated through these relations until nothing changes. A hidden figure whose
lowest and highest possible value meet is recovered. None may be. The attacker is interval
propagation, not an exact integer programme: a combination of relations that only an ILP
solver would find is not looked for (docs/security.md says so).
"""

import csv
import datetime as dt
import io
import itertools
import json
import math
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

import html5lib
import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from perspectives.accounts.models import Role
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.suppression import SUPPRESSED_MARK
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

YEAR, CURRENT = 2024, 2025
# Q1 and Q2 of CURRENT have ended; Q3 (with a seeded starter) is still running.
TODAY = dt.datetime(2025, 8, 20, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
FORMATS = ("html", "csv", "xlsx", "json", "pdf")
HIDDEN = "hidden"
PARTICIPATIONS, PERSONS = "participations", "persons"
UNIQUE = "unique_persons"
TOTAL = "participants_training_and_events"
PERSON_ROWS = ("starters", "professionals", "knowledge_events", "business_coaching")
INF = math.inf


def _activity(category: str, day: str, persons: list) -> None:
    activity = ActivityFactory(category=category, starts_on=day)
    for person in persons:
        RegistrationFactory(activity=activity, person=person)


def _people(n: int) -> list:
    return [PersonFactory() for _ in range(n)]


def _seed_small_cells() -> None:
    """The issue's pattern (a hidden 1 beside a large cell) and more, in every quarter."""
    professionals = _people(12)
    _activity("professionals", f"{YEAR}-02-01", professionals)
    _activity("professionals", f"{YEAR}-02-15", professionals[:1])  # twice: 13 vs 12
    _activity("business_coaching", f"{YEAR}-05-01", _people(1))
    _activity("starters", f"{YEAR}-08-01", _people(3))
    knowledge = _people(15)
    _activity("knowledge_events", f"{YEAR}-03-01", knowledge[:2])
    _activity("knowledge_events", f"{YEAR}-11-01", knowledge)
    _activity("professionals", f"{CURRENT}-01-15", _people(11))
    _activity("business_coaching", f"{CURRENT}-04-10", _people(2))
    _activity("starters", f"{CURRENT}-07-01", _people(1))  # in the running quarter


# --- the periods a column covers -----------------------------------------------------------


def _interval(column: dict) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a JSON column: a year, a year cut off, or "2024-Q3"."""
    key = str(column["year"])
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        year, quarter = int(match[1]), int(match[2])
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return start, end - dt.timedelta(days=1)
    year = int(key)
    through = column.get("through")
    return dt.date(year, 1, 1), dt.date.fromisoformat(through) if through else dt.date(year, 12, 31)


# --- reading the numbers of each format ----------------------------------------------------


def _cell(text) -> int | str | None:
    if text is None:
        return None
    text = str(text).strip()
    if text == SUPPRESSED_MARK:
        return HIDDEN
    digits = text.replace(".", "").replace(",", "")
    return int(digits) if digits.isdigit() else None


def _from_json(data: dict) -> dict[str, list]:
    hidden = {
        (c["indicator"], str(c["year"])) for c in data.get("suppression", {}).get("cells", [])
    }
    keys = [str(column["year"]) for column in data["columns"]]
    table = {}
    for row in [*data["rows"], *data["summary_rows"]]:
        table[row["code"]] = [
            HIDDEN if (row["code"], key) in hidden else row["values"][key] for key in keys
        ]
    table[UNIQUE] = [
        HIDDEN if (UNIQUE, key) in hidden else data["unique_persons"][key] for key in keys
    ]
    return table


def _from_csv(content: bytes) -> dict[str, list]:
    rows = list(csv.reader(io.StringIO(content.decode())))
    return {row[0]: [_cell(value) for value in row[1:]] for row in rows[1:]}


def _from_xlsx(content: bytes) -> dict[str, list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return {
        row[0]: [_cell(value) for value in row[2:]]
        for row in sheet.iter_rows(values_only=True)
        if row and isinstance(row[0], str) and re.fullmatch(r"[a-z_]+", row[0]) and row[0] != "code"
    }


def _from_html(content: bytes) -> dict[str, list]:
    document = html5lib.parse(content.decode(), namespaceHTMLElements=False)
    table = {}
    for element in document.iter("table"):
        if element.get("data-report") != "participants":
            continue
        for row in element.iter("tr"):
            if row.get("data-code"):
                table[row.get("data-code")] = [
                    _cell("".join(td.itertext())) for td in row.iter("td")
                ]
    return table


READERS = {"csv": _from_csv, "xlsx": _from_xlsx, "html": _from_html}


# --- asking for every view ----------------------------------------------------------------


def _queries() -> list[dict]:
    """Every choice a funder could try, cut-off dates of its own included."""
    queries = []
    for years, by, unit in itertools.product(
        [str(YEAR), str(CURRENT), f"{YEAR}-{CURRENT}"],
        [None, "years", "quarters"],
        [PARTICIPATIONS, PERSONS],
    ):
        query = {"years": years, "unit": unit}
        if by:
            query["by"] = by
        queries.append(query)
    days = set()
    for year in (YEAR, CURRENT):
        days |= {dt.date(year, month, 1) - dt.timedelta(days=1) for month in (4, 7, 10)}
    seeded = ["02-01", "02-15", "05-01", "08-01", "03-01", "11-01"]
    for text in [f"{YEAR}-{d}" for d in seeded] + [
        f"{CURRENT}-{d}" for d in ("01-15", "04-10", "07-01")
    ]:
        day = dt.date.fromisoformat(text)
        days |= {day - dt.timedelta(days=1), day}
    for day in sorted(d for d in days if d < TODAY.date()):
        for unit in (PARTICIPATIONS, PERSONS):
            queries.append({"years": str(day.year), "through": day.isoformat(), "unit": unit})
    return queries


def collect(client) -> tuple[dict, list, dict]:
    """(figures, refused queries, sum rows): figures[(unit, code, interval)] = {values seen}.

    The sum rows ({code: the codes it adds up}) come from the definitions in the JSON.
    """
    figures: dict[tuple, set] = defaultdict(set)
    refused = []
    sums: dict[str, list[str]] = {}
    download = reverse("impact:funder-download", args=["participants"])
    for query in _queries():
        response = client.get(download, {**query, "format": "json"})
        if response.status_code != 200:
            refused.append(query)
            continue
        data = json.loads(response.content)
        unit = data["unit"]
        intervals = [_interval(column) for column in data["columns"]]
        sums.update({row["code"]: row["sum_of"] for row in data["summary_rows"]})
        tables = {"json": _from_json(data)}
        for fmt in ("csv", "xlsx", "pdf"):
            other = client.get(download, {**query, "format": fmt})
            assert other.status_code == 200, (query, fmt)
            if fmt in READERS:
                tables[fmt] = READERS[fmt](other.content)
        page = client.get(reverse("impact:funder-dashboard"), query)
        assert page.status_code == 200
        if page.context.get("report") is not None:
            tables["html"] = _from_html(page.content)
        else:
            assert "through" in query  # refused on the page as it was for the download
        for fmt, table in tables.items():
            assert set(table) >= {*PERSON_ROWS, TOTAL, UNIQUE}, (query, fmt)
            for code, values in table.items():
                assert len(values) == len(intervals), (query, fmt, code)
                for interval, value in zip(intervals, values, strict=True):
                    if value is not None:
                        figures[(unit, code, interval)].add(value)
    return figures, refused, sums


# --- what the attacker can work out -------------------------------------------------------


class Bounds:
    """Interval propagation over sums: Σ terms == 0 or Σ terms <= 0, terms (coefficient, var)."""

    def __init__(self):
        self.low: dict = {}
        self.high: dict = {}
        self.constraints: list[tuple[list[tuple[int, object]], int, str]] = []

    def variable(self, name, low=0, high=INF):
        self.low.setdefault(name, low)
        self.high.setdefault(name, high)
        self.low[name] = max(self.low[name], low)
        self.high[name] = min(self.high[name], high)
        return name

    def add(self, terms, constant=0, op="=="):
        self.constraints.append((terms, constant, op))

    def _range(self, coefficient, name):
        a, b = coefficient * self.low[name], coefficient * self.high[name]
        return min(a, b), max(a, b)

    def solve(self, rounds=500):
        for _ in range(rounds):
            changed = False
            for terms, constant, op in self.constraints:
                ranges = [self._range(c, v) for c, v in terms]
                for index, (coefficient, name) in enumerate(terms):
                    others = [r for i, r in enumerate(ranges) if i != index]
                    new_low, new_high = self.low[name], self.high[name]
                    # coefficient * name <= -(constant + the others at their lowest)
                    lowest = constant + sum(r[0] for r in others)
                    if lowest != -INF:
                        if coefficient > 0:
                            new_high = min(new_high, math.floor(-lowest / coefficient))
                        else:
                            new_low = max(new_low, math.ceil(-lowest / coefficient))
                    # and, for ==, coefficient * name >= -(constant + the others at their highest)
                    highest = constant + sum(r[1] for r in others)
                    if op == "==" and highest != INF:
                        if coefficient > 0:
                            new_low = max(new_low, math.ceil(-highest / coefficient))
                        else:
                            new_high = min(new_high, math.floor(-highest / coefficient))
                    if (new_low, new_high) != (self.low[name], self.high[name]):
                        self.low[name], self.high[name] = new_low, new_high
                        changed = True
            if not changed:
                return


def attack(figures: dict, sums: dict[str, list[str]]) -> tuple[dict, Bounds]:
    """Every hidden figure with the interval the attacker narrows it to."""
    bounds = Bounds()
    for key, values in figures.items():
        (value,) = values
        if value == HIDDEN:
            bounds.variable(key, low=1)
        else:
            bounds.variable(key, low=value, high=value)
    intervals = sorted({key[2] for key in figures})
    cuts = sorted(
        {start for start, _ in intervals} | {end + dt.timedelta(days=1) for _, end in intervals}
    )
    atoms = list(itertools.pairwise(cuts))
    codes = sorted({key[1] for key in figures})
    sums = {code: parts for code, parts in sums.items() if code in codes and parts}

    def inside(interval):
        start, end = interval
        return [
            atom for atom in atoms if start <= atom[0] and atom[1] <= end + dt.timedelta(days=1)
        ]

    for unit in (PARTICIPATIONS, PERSONS):
        for interval in intervals:
            if (unit, TOTAL, interval) not in figures:
                continue
            for total, parts in sums.items():
                if parts and (unit, total, interval) in figures:
                    bounds.add(
                        [(1, (unit, total, interval))] + [(-1, (unit, p, interval)) for p in parts]
                    )
            if unit == PERSONS:
                for row in PERSON_ROWS:
                    bounds.add(
                        [(1, (unit, row, interval)), (-1, (unit, UNIQUE, interval))], op="<="
                    )
                bounds.add(
                    [(1, (unit, UNIQUE, interval))]
                    + [(-1, (unit, row, interval)) for row in PERSON_ROWS],
                    op="<=",
                )
        for code in codes:
            observed = [i for i in intervals if (unit, code, i) in figures]
            # Distinct persons (a sum row in persons adds up distinct counts) do not add up
            # over periods: between the largest atom and the sum of the atoms.
            distinct = unit == PERSONS or code == UNIQUE
            for interval in observed:
                key = (unit, code, interval)
                parts = [bounds.variable((unit, code, "atom", atom)) for atom in inside(interval)]
                if distinct:
                    bounds.add([(1, key)] + [(-1, p) for p in parts], op="<=")
                    for part in parts:
                        bounds.add([(1, part), (-1, key)], op="<=")
                else:
                    bounds.add([(1, key)] + [(-1, p) for p in parts])
            for smaller, larger in itertools.permutations(observed, 2):
                if larger[0] <= smaller[0] and smaller[1] <= larger[1]:
                    bounds.add([(1, (unit, code, smaller)), (-1, (unit, code, larger))], op="<=")
    for key in figures:
        unit, code, interval = key
        other = (PARTICIPATIONS, code, interval)
        if unit == PERSONS and other in figures:
            bounds.add([(1, key), (-1, other)], op=("==" if code == UNIQUE else "<="))
    for unit, atom in itertools.product((PARTICIPATIONS, PERSONS), atoms):
        # An atom is a period too: its sum rows add up its rows, its unique persons lie
        # between its largest category and the sum of its categories.
        def part(code, unit=unit, atom=atom):
            return bounds.variable((unit, code, "atom", atom))

        for total, parts in sums.items():
            if parts:
                bounds.add([(1, part(total))] + [(-1, part(p)) for p in parts])
        for row in PERSON_ROWS:
            bounds.add([(1, part(row)), (-1, part(UNIQUE))], op="<=")
        bounds.add([(1, part(UNIQUE))] + [(-1, part(row)) for row in PERSON_ROWS], op="<=")
    for code in codes:
        for atom in atoms:
            if (PERSONS, code, "atom", atom) in bounds.low and (
                PARTICIPATIONS,
                code,
                "atom",
                atom,
            ) in bounds.low:
                bounds.add(
                    [
                        (1, (PERSONS, code, "atom", atom)),
                        (-1, (PARTICIPATIONS, code, "atom", atom)),
                    ],
                    op="<=",
                )
    bounds.solve()
    hidden = {
        key: (bounds.low[key], bounds.high[key])
        for key, values in figures.items()
        if values == {HIDDEN}
    }
    return hidden, bounds


_COLLECTED: list = []


@pytest.fixture
def views(client, make_user):
    """Everything the funder got, collected once for this module's tests (pure data)."""
    if not _COLLECTED:
        with time_machine.travel(TODAY, tick=False):
            _seed_small_cells()
            client.force_login(make_user(role=Role.FUNDER))
            _COLLECTED.append(collect(client))
    return _COLLECTED[0]


def test_no_hidden_figure_can_be_recovered_from_everything_a_funder_can_download(views):
    figures, refused, sums = views
    hidden, bounds = attack(figures, sums)
    infeasible = [key for key in bounds.low if bounds.low[key] > bounds.high[key]]
    assert infeasible == []  # the attacker's relations hold for what it was shown
    assert len(hidden) >= 10
    recovered = {key: low for key, (low, high) in hidden.items() if low == high}
    assert recovered == {}


def test_a_cell_hidden_in_one_view_is_hidden_in_every_view_format_and_unit(views):
    figures, refused, sums = views
    assert {key: values for key, values in figures.items() if len(values) > 1} == {}
    hidden = {(code, interval) for (unit, code, interval), v in figures.items() if v == {HIDDEN}}
    for code, interval in hidden:
        for unit in (PARTICIPATIONS, PERSONS):
            assert figures.get((unit, code, interval)) == {HIDDEN}, (unit, code, interval)


def _quarter(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    return _interval({"year": f"{year}-Q{quarter}"})


def test_only_whole_years_and_quarters_that_have_ended_are_shown_and_cut_offs_refused(views):
    figures, refused, sums = views
    released = {_quarter(YEAR, q) for q in (1, 2, 3, 4)} | {_quarter(CURRENT, q) for q in (1, 2)}
    released.add((dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
    assert {key[2] for key in figures} == released
    cut_offs = [query for query in _queries() if "through" in query]
    assert all(query in refused for query in cut_offs)
    # The running year as whole years is refused; its ended quarters are not.
    running = [q for q in refused if "through" not in q]
    assert running and all(q["years"] != str(YEAR) and q.get("by") != "quarters" for q in running)


def test_the_attack_recovers_the_hidden_1_from_a_cut_off_of_ones_own():
    """What today's funders could no longer do, and the proof that the attack has teeth.

    A year with 12 professionals in February and 1 business coaching in May: the year hides
    both (1 alone, and 12 as its complement) and shows the total 13. A cut-off at 31 March
    shows 12 professionals and 0 business coaching, and the attacker gets both hidden figures.
    """
    year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    march = (dt.date(YEAR, 1, 1), dt.date(YEAR, 3, 31))
    figures = {}
    for interval, values in [
        (year, {"professionals": HIDDEN, "business_coaching": HIDDEN, TOTAL: 13, UNIQUE: 13}),
        (march, {"professionals": 12, "business_coaching": 0, TOTAL: 12, UNIQUE: 12}),
    ]:
        for code in PERSON_ROWS:
            figures[(PARTICIPATIONS, code, interval)] = {values.get(code, 0)}
        figures[(PARTICIPATIONS, TOTAL, interval)] = {values[TOTAL]}
        figures[(PARTICIPATIONS, UNIQUE, interval)] = {values[UNIQUE]}
    hidden, _ = attack(figures, sums={TOTAL: list(PERSON_ROWS)})
    assert hidden == {
        (PARTICIPATIONS, "professionals", year): (12, 12),
        (PARTICIPATIONS, "business_coaching", year): (1, 1),
    }
