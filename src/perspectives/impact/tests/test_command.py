import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.funding.services import create_funder, record_grant, set_budget_year
from perspectives.impact.models import ReportSnapshot
from perspectives.impact.services import record_published_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def records():
    for starts_on in (dt.date(2018, 4, 1), dt.date(2020, 10, 31), dt.date(2020, 12, 1)):
        RegistrationFactory(activity=ActivityFactory(category="starters", starts_on=starts_on))


def test_participants_csv_on_standard_output(records):
    text = run("participants", "--years", "2018-2020", "--through", "2020-10-31", "--format", "csv")
    assert text.splitlines()[:2] == ["indicator,2018,2019,2020", "starters,1,0,1"]


def test_participants_as_persons(records):
    text = run("participants", "--years", "2020", "--count", "persons", "--format", "json")
    data = json.loads(text)
    assert data["unit"] == "persons"
    assert data["rows"][0]["values"] == {"2020": 2}


def test_binary_formats_need_an_output_file(records):
    with pytest.raises(CommandError, match="--output"):
        run("participants", "--years", "2018", "--format", "xlsx")


def test_xlsx_and_pdf_are_written_to_the_output_file(records, tmp_path):
    run(
        "participants",
        "--years",
        "2018-2020",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "r.xlsx"),
    )
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet["A1"].value == "Deelnemers bereikt"
    run(
        "participants",
        "--years",
        "2018-2020",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "r.pdf"),
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_bad_arguments_are_clear_errors(records):
    with pytest.raises(CommandError, match="--years"):
        run("participants", "--years", "2020-2018")
    with pytest.raises(CommandError, match="--through"):
        run("participants", "--years", "2020", "--through", "gisteren")
    with pytest.raises(CommandError, match="after the cut-off"):
        run("participants", "--years", "2020-2021", "--through", "2020-10-31")


def test_freeze_then_verify_clean_then_late(records):
    run("participants", "--years", "2018-2020", "--through", "31-10-2020", "--freeze", "brief")
    snapshot = ReportSnapshot.objects.get(label="brief")
    assert snapshot.parameters["through"] == "2020-10-31"
    assert "all 24 figures match" in run("verify", "brief")
    RegistrationFactory(
        activity=ActivityFactory(category="starters", starts_on=dt.date(2018, 5, 1))
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("report", "verify", "brief", stdout=out)
    assert exit.value.code == 1
    assert "starters 2018: frozen 1, now 2 (late registrations: 1" in out.getvalue()


def test_freezing_a_label_twice_is_refused(records):
    run("participants", "--years", "2018", "--freeze", "brief")
    with pytest.raises(CommandError, match="exists already"):
        run("participants", "--years", "2019", "--freeze", "brief")


def test_verify_of_an_unknown_label_is_an_error():
    with pytest.raises(CommandError, match="no snapshot"):
        run("verify", "nothing")


def test_funding_report_and_published_verification():
    municipality = create_funder(name="Gemeente Hilversum", kind="municipality")
    school = create_funder(name="Mediacollege", kind="school")
    record_grant(funder=municipality, year=2019, amount=Decimal("300000"), status="settled")
    record_grant(funder=school, year=2019, amount=Decimal("20000"), status="requested")
    set_budget_year(year=2019, total_amount=Decimal("1138686"))
    text = run("funding", "--years", "2019", "--format", "csv")
    lines = text.splitlines()
    assert lines[0] == "figure,2019"
    assert lines[1:4] == [
        "municipal_subsidy,300000.00",
        "municipal_share_percent,26.3",
        "total_budget,1138686.00",
    ]
    assert "requested_grant,2019,Mediacollege,20000.00" in lines
    assert "breach,2019,municipal_share_max," in text
    table = run("funding", "--years", "2019")
    assert "26,3" in table and "Mediacollege" in table
    record_published_figures(
        report="letter",
        rows=[{"indicator": "municipal_share_percent", "period": "2019", "value": Decimal("26")}],
    )
    assert "all 1 figures match" in run("verify", "letter")
