import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from perspectives.core.imports import run_import
from perspectives.core.models import AuditEntry
from perspectives.funding.services import create_funder, record_grant, set_budget_year
from perspectives.impact.models import PublishedFigure
from perspectives.impact.selectors import verify_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]

LETTER = (
    "report;indicator;period;value\n"
    "letter-2020;municipal_share_percent;2018;31\n"
    "letter-2020;municipal_share_percent;2019;26\n"
    "letter-2020;municipal_subsidy;2018;240000\n"
    "letter-2020;starters;2020 t/m 31-10-2020;0\n"
    "letter-2020;unique_persons;2019;0\n"
    "letter-2020;total_budget;2018;1.098.229,00\n"
)


def test_the_published_import_keeps_the_published_precision():
    result = run_import(kind="published", file=LETTER.encode(), file_name="brief.csv")
    assert result.ok, result.errors
    assert result.created == 6
    share = PublishedFigure.objects.get(indicator="municipal_share_percent", period="2018")
    assert (share.value, share.decimals, share.source) == (Decimal("31"), 0, "import: brief.csv")
    budget = PublishedFigure.objects.get(indicator="total_budget")
    assert budget.value == Decimal("1098229")
    assert AuditEntry.objects.filter(action="impact.published_figures.imported").count() == 1


def test_importing_the_same_file_again_changes_nothing():
    run_import(kind="published", file=LETTER.encode(), file_name="brief.csv")
    again = run_import(kind="published", file=LETTER.encode(), file_name="brief.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    changed = LETTER.replace("2019;26", "2019;26,3")
    third = run_import(kind="published", file=changed.encode(), file_name="brief.csv")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 5)
    share = PublishedFigure.objects.get(indicator="municipal_share_percent", period="2019")
    assert (share.value, share.decimals) == (Decimal("26.3"), 1)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_stored():
    text = (
        "report,indicator,period,value\n"
        "letter,starters,2020,12\n"
        "letter,nonsense,2020,12\n"
        "letter,starters,20201,12\n"
        "letter,professionals,2020,veel\n"
        "letter,starters,2020,13\n"
    )
    result = run_import(kind="published", file=text.encode(), file_name="x.csv")
    assert result.refused
    problems = {(issue.row, issue.column) for issue in result.errors}
    assert {(3, "indicator"), (4, "period"), (5, "value"), (6, "report")} <= problems
    assert not PublishedFigure.objects.exists()


def test_xlsx_numbers_keep_their_decimals():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Report", "Indicator", "Period", "Value"])
    sheet.append(["letter", "municipal_share_percent", 2018, 21.9])
    sheet.append(["letter", "municipal_share_percent", 2019, 26.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(kind="published", file=buffer.getvalue(), file_name="brief.xlsx")
    assert result.ok, result.errors
    values = dict(PublishedFigure.objects.values_list("period", "value").order_by("period"))
    assert values == {"2018": Decimal("21.9"), "2019": Decimal("26")}


def test_the_import_command_then_verification_flags_the_2018_share(tmp_path):
    municipality = create_funder(name="Gemeente Hilversum", kind="municipality")
    for year, amount, budget in [(2018, "240000", "1098229"), (2019, "300000", "1138686")]:
        record_grant(funder=municipality, year=year, amount=Decimal(amount), status="settled")
        set_budget_year(year=year, total_amount=Decimal(budget))
    path = tmp_path / "brief.csv"
    path.write_text(LETTER, encoding="utf-8")
    call_command("import", "published", str(path), stdout=io.StringIO())
    differences = verify_published(report="letter-2020").differences
    assert [(d.indicator, d.period) for d in differences] == [("municipal_share_percent", "2018")]
