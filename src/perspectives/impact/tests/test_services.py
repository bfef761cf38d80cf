import datetime as dt
from decimal import Decimal

import pytest

from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.impact.models import Indicator, IndicatorVersion, PublishedFigure
from perspectives.impact.selectors import build_participants_report, list_current_definitions
from perspectives.impact.services import (
    ImpactError,
    freeze_report,
    parse_period,
    record_published_figures,
    update_indicator_definition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("registrations_only")]


def test_the_seven_indicators_are_seeded_in_report_order():
    codes = [d.code for d in list_current_definitions()]
    assert codes == [
        "starters",
        "professionals",
        "knowledge_events",
        "online_sharing",
        "business_coaching",
        "participants_training_and_events",
        "online_visitors",
    ]


def test_editing_a_definition_adds_a_version_and_keeps_the_history(staff_user):
    starters = Indicator.objects.get(code="starters")
    version = update_indicator_definition(
        indicator=starters,
        definition={
            "sources": [
                {
                    "source": "activities.registrations",
                    "params": {"categories": ["starters"], "statuses": ["attended", "no_show"]},
                }
            ],
            "unit": "participations",
            "exclusions": "Besloten bijeenkomsten.",
        },
        actor=staff_user,
    )
    assert version.number == 2
    assert list(starters.versions.values_list("number", flat=True)) == [2, 1]
    current = next(d for d in list_current_definitions() if d.code == "starters")
    assert current.version == 2
    assert current.definition["sources"][0]["params"]["statuses"] == ["attended", "no_show"]
    assert current.description == starters.versions.get(number=1).description
    entry = AuditEntry.objects.get(action="impact.indicator.definition_changed")
    assert entry.actor == staff_user
    assert entry.data["version"] == 2


def test_a_changed_definition_changes_the_count():
    activity = ActivityFactory(category="starters")
    RegistrationFactory(activity=activity, status="attended")
    RegistrationFactory(activity=activity, status="no_show")
    update_indicator_definition(
        indicator=Indicator.objects.get(code="starters"),
        definition={
            "sources": [
                {
                    "source": "activities.registrations",
                    "params": {"categories": ["starters"], "statuses": ["attended", "no_show"]},
                }
            ],
        },
    )
    report = build_participants_report(years=[2019])
    assert report.rows[0].values == {2019: 2}
    assert report.rows[0].version == 2


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"sources": [{"source": "nowhere.else", "params": {}}]}, "unknown source"),
        ({"sources": []}, "at least one source"),
        (
            {"sources": [{"source": "activities.registrations", "params": {"colour": "red"}}]},
            "unknown parameters",
        ),
        (
            {"sources": [{"source": "activities.registrations", "params": {"categories": ["x"]}}]},
            "unknown values",
        ),
        ({"sources": [{"source": "activities.registrations"}], "unit": "euros"}, "unit"),
        ({"sum_of": ["starters"]}, "unknown keys"),
    ],
)
def test_invalid_definitions_are_refused(definition, message):
    starters = Indicator.objects.get(code="starters")
    with pytest.raises(ImpactError, match=message):
        update_indicator_definition(indicator=starters, definition=definition)
    assert starters.versions.count() == 1


def test_a_sum_may_only_add_counted_indicators():
    summary = Indicator.objects.get(code="online_visitors")
    with pytest.raises(ImpactError, match="no counted indicator"):
        update_indicator_definition(
            indicator=summary, definition={"sum_of": ["participants_training_and_events"]}
        )
    version = update_indicator_definition(
        indicator=summary, definition={"sum_of": ["online_sharing", "starters"]}
    )
    assert version.number == 2


def test_a_row_whose_source_is_not_installed_is_shown_as_unavailable():
    starters = Indicator.objects.get(code="starters")
    # A stored definition may outlive an app that was removed; the report must still render.
    IndicatorVersion.objects.create(
        indicator=starters, number=2, definition={"sources": [{"source": "gone.app", "params": {}}]}
    )
    report = build_participants_report(years=[2019])
    row = report.rows[0]
    assert row.values == {2019: None}
    assert "gone.app" in row.unavailable
    summary = report.summary_rows[0]
    assert summary.values == {2019: None}
    assert "starters" in summary.unavailable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", (2020, None)),
        ("2020 t/m 2020-10-31", (2020, dt.date(2020, 10, 31))),
        ("2020 t/m 31-10-2020", (2020, dt.date(2020, 10, 31))),
    ],
)
def test_published_periods_are_years_optionally_cut_off(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["20", "2020 t/m 2021-01-01", "2020 t/m 2020-13-01", "q1"])
def test_bad_published_periods_are_refused(text):
    with pytest.raises(ImpactError):
        parse_period(text)


def test_recording_published_figures_replaces_the_same_cell():
    rows = [
        {"indicator": "municipal_share_percent", "period": "2018", "value": Decimal("31")},
        {"indicator": "starters", "period": "2020 t/m 2020-10-31", "value": Decimal("206")},
    ]
    assert record_published_figures(report="letter", rows=rows, source="brief") == 2
    record_published_figures(
        report="letter",
        rows=[{"indicator": "municipal_share_percent", "period": "2018", "value": "21.9"}],
    )
    share = PublishedFigure.objects.get(indicator="municipal_share_percent")
    assert (share.value, share.decimals) == (Decimal("21.9"), 1)
    assert PublishedFigure.objects.count() == 2
    assert AuditEntry.objects.filter(action="impact.published_figures.recorded").count() == 2


def test_a_published_figure_without_a_number_is_refused():
    with pytest.raises(ImpactError, match="not a number"):
        record_published_figures(
            report="letter", rows=[{"indicator": "starters", "period": "2020", "value": "veel"}]
        )
    assert not PublishedFigure.objects.exists()


def test_a_snapshot_label_is_used_once():
    freeze_report(label="brief-2020", kind="participants", parameters={"years": [2019]})
    with pytest.raises(ImpactError, match="exists already"):
        freeze_report(label="brief-2020", kind="participants", parameters={"years": [2020]})


def test_freezing_stores_figures_definitions_and_fingerprint(staff_user):
    RegistrationFactory(activity=ActivityFactory(category="starters"))
    snapshot = freeze_report(
        label="brief",
        kind="participants",
        parameters={"years": [2019, 2020], "through": dt.date(2020, 10, 31)},
        actor=staff_user,
    )
    assert snapshot.parameters == {
        "years": [2019, 2020],
        "through": "2020-10-31",
        "unit": "participations",
    }
    assert snapshot.figures["rows"]["starters"] == {"2019": 1, "2020": 0}
    assert snapshot.figures["unique_persons"] == {"2019": 1, "2020": 0}
    assert snapshot.definitions["starters"]["version"] == 1
    assert snapshot.fingerprint["starters"]["0:activities.registrations"]["2019"]["rows"] == 1
    assert AuditEntry.objects.filter(action="impact.report.frozen").count() == 1
