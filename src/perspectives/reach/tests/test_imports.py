import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from perspectives.core.imports import run_import
from perspectives.core.models import AuditEntry
from perspectives.core.periods import year_period
from perspectives.reach.models import ReachFigure
from perspectives.reach.sources import online_reach
from perspectives.reach.tests.factories import ReachFigureFactory

pytestmark = pytest.mark.django_db

HEADER = "period_start,period_end,channel,value,method,source\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_importing_reach_figures_creates_them_with_one_audit_entry(staff_user):
    data = csv(
        "2019-01-01,2019-12-31,vacancy_portal,41000,unique visitors per year,Matomo 2019",
        "01-01-2019,31-12-2019,Knowledge base,12000,unique visitors per year,Matomo 2019",
        "2019-12-01,2019-12-31,newsletter_subscribers,2400,subscribers on the last day,",
    )
    result = run_import(kind="reach", file=data, file_name="bereik.csv", actor=staff_user)
    assert result.ok and (result.created, result.updated) == (3, 0)
    assert ReachFigure.objects.count() == 3
    subscribers = ReachFigure.objects.get(channel="newsletter_subscribers")
    assert subscribers.source == "import: bereik.csv"
    assert ReachFigure.objects.get(channel="knowledge_base").period_start == dt.date(2019, 1, 1)
    entry = AuditEntry.objects.get(action="reach.figures.imported")
    assert entry.actor == staff_user and entry.data["created"] == 3
    count = online_reach.count(periods=[year_period(2019)], params={}, unit="participations")
    assert count["2019"].value == 41000 + 12000 + 2400
    assert "Matomo 2019" in count["2019"].method


def test_reimporting_replaces_changed_figures_and_leaves_the_rest():
    ReachFigureFactory(
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2019, 1, 31),
        channel="academy",
        value=10,
        method="visitors",
        source="GA",
    )
    ReachFigureFactory(
        period_start=dt.date(2019, 2, 1),
        period_end=dt.date(2019, 2, 28),
        channel="academy",
        value=20,
        method="visitors",
        source="GA",
    )
    data = csv(
        "2019-01-01,2019-01-31,academy,15,visitors,GA",
        "2019-02-01,2019-02-28,academy,20,visitors,GA",
    )
    result = run_import(kind="reach", file=data, file_name="r.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert sorted(ReachFigure.objects.values_list("value", flat=True)) == [15, 20]


def test_a_file_with_a_bad_row_imports_nothing():
    data = csv(
        "2019-01-01,2019-01-31,academy,15,visitors,GA",
        "2019-02-28,2019-02-01,academy,20,visitors,GA",
        "2019-03-01,2019-03-31,tiktok,20,visitors,GA",
        "2019-04-01,2019-04-30,academy,-3,visitors,GA",
        "2019-05-01,2019-05-31,academy,3,,GA",
    )
    result = run_import(kind="reach", file=data, file_name="r.csv")
    assert result.refused
    assert sorted({issue.row for issue in result.errors}) == [3, 4, 5, 6]
    assert {issue.column for issue in result.errors} == {"period_end", "channel", "value", "method"}
    assert not ReachFigure.objects.exists()


def test_the_import_command_reads_a_file(tmp_path):
    path = tmp_path / "bereik.csv"
    path.write_bytes(csv("2020-01-01,2020-10-31,academy,900,unique visitors,GA export"))
    call_command("import", "reach", str(path))
    assert ReachFigure.objects.get().value == 900
    path.write_bytes(b"period_start,channel\n2020-01-01,academy\n")
    with pytest.raises(CommandError):
        call_command("import", "reach", str(path))
