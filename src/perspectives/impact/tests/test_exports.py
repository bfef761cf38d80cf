import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.impact.exports import render_participants
from perspectives.impact.exports.document import safe_cell
from perspectives.impact.tests.reports import build_fresh_report
from perspectives.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]

CODES = [
    "starters",
    "professionals",
    "knowledge_events",
    "online_sharing",
    "business_coaching",
    "participants_training_and_events",
    "online_visitors",
    "unique_persons",
]


@pytest.fixture
def report():
    person = PersonFactory()
    for category, starts_on in [
        ("starters", dt.date(2019, 3, 1)),
        ("starters", dt.date(2020, 3, 1)),
        ("knowledge_events", dt.date(2020, 10, 31)),
        ("knowledge_events", dt.date(2020, 11, 1)),
    ]:
        RegistrationFactory(
            activity=ActivityFactory(category=category, starts_on=starts_on), person=person
        )
    return build_fresh_report(years=[2019, 2020], through=dt.date(2020, 10, 31))


def test_the_csv_has_a_header_of_years_and_one_row_per_code(report):
    text = render_participants(report, format="csv").decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["indicator", "2019", "2020"]
    assert [row[0] for row in rows[1:]] == CODES
    assert rows[1] == ["starters", "1", "1"]
    assert rows[3] == ["knowledge_events", "0", "1"]
    assert rows[6] == ["participants_training_and_events", "1", "2"]
    assert rows[8] == ["unique_persons", "1", "1"]


def test_the_json_carries_the_cut_off_and_every_row(report):
    data = json.loads(render_participants(report, format="json"))
    assert data["through"] == "2020-10-31"
    assert data["years"] == [2019, 2020]
    assert data["columns"][1] == {
        "year": 2020,
        "label": "2020 (t/m 31-10-2020)",
        "through": "2020-10-31",
    }
    assert data["columns"][0]["through"] is None
    assert [row["code"] for row in data["rows"]] == CODES[:5]
    assert [row["code"] for row in data["summary_rows"]] == CODES[5:7]
    starters = data["rows"][0]
    assert starters["values"] == {"2019": 1, "2020": 1}
    assert starters["persons"] == {"2019": 1, "2020": 1}
    assert starters["definition_version"] == 1
    assert data["unique_persons"] == {"2019": 1, "2020": 1}


def test_the_table_labels_the_cut_off_year_and_carries_the_definitions(report):
    text = render_participants(report, format="table").decode()
    assert "2020 (t/m 31-10-2020)" in text
    assert "Bijscholing starters" in text
    assert "Besloten bijeenkomsten" in text  # the exclusions under the figures
    lines = text.splitlines()
    starters = next(line for line in lines if line.startswith("Bijscholing starters"))
    assert starters.split()[-2:] == ["1", "1"]


def test_the_table_speaks_english_when_asked(report):
    text = render_participants(report, format="table", language="en").decode()
    assert "2020 (through 31-10-2020)" in text
    assert "Starters upskilling" in text


def test_the_xlsx_holds_numbers_as_numbers_and_the_notes(report):
    workbook = load_workbook(io.BytesIO(render_participants(report, format="xlsx")))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "code")
    assert header[2:] == ("2019", "2020 (t/m 31-10-2020)")
    by_code = {row[0]: row for row in rows if row and row[0] in CODES}
    assert list(by_code) == CODES
    assert by_code["starters"][2:] == (1, 1)
    assert isinstance(by_code["knowledge_events"][3], int)
    texts = [row[0] for row in rows if row and isinstance(row[0], str)]
    assert any("Besloten bijeenkomsten" in text for text in texts)


def test_the_pdf_is_a_pdf(report):
    content = render_participants(report, format="pdf")
    assert content.startswith(b"%PDF")
    assert len(content) > 5000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31", "'+31"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kennisevents", "Kennisevents"),
        (12, 12),
    ],
)
def test_cells_that_look_like_formulas_are_defused(value, expected):
    assert safe_cell(value) == expected


def test_an_indicator_name_like_a_formula_is_defused_in_the_xlsx(report):
    report.rows[0].name_nl = "=HYPERLINK(1)"
    workbook = load_workbook(io.BytesIO(render_participants(report, format="xlsx")))
    names = [row[1] for row in workbook.active.iter_rows(values_only=True) if row]
    assert "'=HYPERLINK(1)" in names


def test_an_indicator_name_with_a_control_character_still_downloads_as_xlsx(report):
    report.rows[0].name_nl = "Kennis\x07events"
    workbook = load_workbook(io.BytesIO(render_participants(report, format="xlsx")))
    names = [row[1] for row in workbook.active.iter_rows(values_only=True) if row]
    assert "Kennisevents" in names
