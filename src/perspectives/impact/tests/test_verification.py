import datetime as dt
from decimal import Decimal

import pytest

from perspectives.activities.services import set_registration_status
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.services import log_action
from perspectives.funding.services import create_funder, record_grant, set_budget_year
from perspectives.impact.models import Indicator
from perspectives.impact.selectors import verify_label, verify_published, verify_snapshot
from perspectives.impact.services import (
    freeze_report,
    record_published_figures,
    refresh_report_figures,
    update_indicator_definition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]


@pytest.fixture
def event():
    activity = ActivityFactory(category="knowledge_events", starts_on=dt.date(2019, 6, 1))
    RegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity)
    return activity


def freeze(label="brief"):
    return freeze_report(label=label, kind="participants", parameters={"years": [2019, 2020]})


def only(result):
    assert len(result.differences) >= 1
    return {(d.indicator, d.period): d for d in result.differences}


def test_an_unchanged_snapshot_verifies_clean(event):
    freeze()
    refresh_report_figures()
    result = verify_snapshot(label="brief")
    assert result.is_clean
    assert result.checked == 7 * 2 + 2


def test_a_late_registration_is_reported_as_late(event):
    freeze()
    RegistrationFactory(activity=event)
    refresh_report_figures()
    differences = only(verify_snapshot(label="brief"))
    late = differences[("knowledge_events", "2019")]
    assert (late.expected, late.actual) == (2, 3)
    assert any(reason.startswith("late registrations: 1") for reason in late.reasons)
    assert ("participants_training_and_events", "2019") in differences
    assert ("unique_persons", "2019") in differences
    assert ("knowledge_events", "2020") not in differences


def test_a_changed_definition_is_reported(event):
    freeze()
    update_indicator_definition(
        indicator=Indicator.objects.get(code="knowledge_events"),
        definition={
            "sources": [
                {
                    "source": "activities.registrations",
                    "params": {"categories": ["knowledge_events", "starters"]},
                }
            ]
        },
    )
    RegistrationFactory(
        activity=ActivityFactory(category="starters", starts_on=dt.date(2019, 2, 2))
    )
    refresh_report_figures()
    differences = only(verify_snapshot(label="brief"))
    changed = differences[("knowledge_events", "2019")]
    assert (changed.expected, changed.actual) == (2, 3)
    assert "changed definition: knowledge_events" in changed.reasons


def test_erased_people_are_named_as_the_reason(event):
    freeze()
    registration = event.registrations.first()
    person = registration.person
    # What the privacy app's erasure does to this app's records, and its audit entry.
    registration.delete()
    log_action(action="privacy.person.erased", actor=None, target=person)
    refresh_report_figures()
    differences = only(verify_snapshot(label="brief"))
    erased = differences[("knowledge_events", "2019")]
    assert (erased.expected, erased.actual) == (2, 1)
    assert erased.reasons == ["erased people: 1 erased afterwards"]


def test_a_status_change_is_another_change(event):
    freeze()
    set_registration_status(registration=event.registrations.first(), status="no_show")
    refresh_report_figures()
    differences = only(verify_snapshot(label="brief"))
    assert differences[("knowledge_events", "2019")].reasons == [
        "other changes to the counted records"
    ]


def test_verify_finds_snapshots_and_published_reports_by_name(event):
    freeze("brief")
    record_published_figures(
        report="jaarverslag",
        rows=[{"indicator": "knowledge_events", "period": "2019", "value": Decimal(2)}],
    )
    refresh_report_figures()
    assert verify_label(label="brief").kind == "snapshot"
    refresh_report_figures()
    assert verify_label(label="jaarverslag").kind == "published"
    with pytest.raises(LookupError):
        refresh_report_figures()
        verify_label(label="onbekend")


def test_published_participant_figures_are_compared_with_the_records(event):
    RegistrationFactory(
        activity=ActivityFactory(category="knowledge_events", starts_on=dt.date(2020, 11, 2))
    )
    record_published_figures(
        report="brief",
        rows=[
            {"indicator": "knowledge_events", "period": "2019", "value": Decimal(2)},
            {"indicator": "knowledge_events", "period": "2020 t/m 2020-10-31", "value": Decimal(0)},
            {"indicator": "starters", "period": "2019", "value": Decimal(5)},
            {"indicator": "mystery", "period": "2019", "value": Decimal(5)},
        ],
    )
    refresh_report_figures()
    result = verify_published(report="brief")
    assert result.checked == 4
    differences = only(result)
    assert set(differences) == {("starters", "2019"), ("mystery", "2019")}
    assert differences[("starters", "2019")].actual == 0
    assert differences[("mystery", "2019")].reasons == ["unknown indicator"]


@pytest.fixture
def letter_funding():
    municipality = create_funder(name="Gemeente Hilversum", kind="municipality")
    for year, amount, budget, status in [
        (2018, "240000", "1098229", "settled"),
        (2019, "300000", "1138686", "settled"),
        (2020, "300000", "1399270", "granted"),
        (2021, "250000", "1103540", "requested"),
    ]:
        record_grant(funder=municipality, year=year, amount=Decimal(amount), status=status)
        set_budget_year(year=year, total_amount=Decimal(budget))


def test_a_published_share_differs_only_at_its_own_precision(letter_funding):
    rows = [
        {"indicator": "municipal_share_percent", "period": str(year), "value": Decimal(share)}
        for year, share in [(2018, "31"), (2019, "26"), (2020, "21"), (2021, "23")]
    ]
    rows += [
        {"indicator": "municipal_subsidy", "period": "2018", "value": Decimal("240000")},
        {"indicator": "total_budget", "period": "2019", "value": Decimal("1138686")},
        {"indicator": "total_budget", "period": "2020", "value": Decimal("1399000")},
    ]
    record_published_figures(report="letter-2020", rows=rows)
    refresh_report_figures()
    result = verify_published(report="letter-2020")
    assert result.checked == 7
    differences = only(result)
    assert set(differences) == {
        ("municipal_share_percent", "2018"),
        ("total_budget", "2020"),
    }
    share = differences[("municipal_share_percent", "2018")]
    assert (share.expected, share.actual) == (Decimal("31"), Decimal("21.9"))
    assert "21.9 %" in share.reasons[0]


def test_a_share_published_with_a_decimal_is_compared_with_one(letter_funding):
    record_published_figures(
        report="precise",
        rows=[{"indicator": "municipal_share_percent", "period": "2019", "value": "26.0"}],
    )
    refresh_report_figures()
    difference = only(verify_published(report="precise"))[("municipal_share_percent", "2019")]
    assert difference.actual == Decimal("26.3")


def test_a_funding_snapshot_reports_changed_budgets(letter_funding):
    freeze_report(label="funding-2021", kind="funding", parameters={"years": [2018, 2019]})
    refresh_report_figures()
    assert verify_snapshot(label="funding-2021").is_clean
    set_budget_year(year=2019, total_amount=Decimal("1200000"))
    refresh_report_figures()
    differences = only(verify_snapshot(label="funding-2021"))
    assert differences[("total_budget", "2019")].reasons == ["changed budgets since the snapshot"]
    assert differences[("municipal_share_percent", "2019")].actual == "25.0"
    assert differences[("breach:municipal_share_max", "2019")].actual is False
    assert ("total_budget", "2018") not in differences
