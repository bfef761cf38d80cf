"""Issue 13, item 1: frozen reports meant for a funder join the one suppression pattern.

A frozen report is a view of its own (a year cut off at 31 October, say), next to the whole
years and quarters. Shown with its own small cells hidden only, it can be differenced with the
quarters: the frozen Jan-Oct minus Q1-Q3 is October, a stretch no released period shows. The
attacker of test_differencing_attack gets every released view and every frozen report, and
recovers neither a hidden cell nor a small stretch.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.selectors import is_member
from perspectives.accounts.models import Role
from perspectives.impact.exports import render_participants
from perspectives.impact.models import ReportKind, ReportRelease
from perspectives.impact.selectors.snapshots import snapshot_participants_report
from perspectives.impact.services import (
    freeze_report,
    share_report_with_funder,
    withdraw_report_from_funder,
)
from perspectives.impact.suppression import get_suppression_threshold, suppress_participants_report

from .test_differencing_attack import (
    CURRENT,
    HIDDEN,
    PERSON_ROWS,
    READERS,
    TODAY,
    TOTAL,
    UNIQUE,
    YEAR,
    _activity,
    _from_html,
    _from_json,
    _interval,
    _people,
    attack,
    collect,
)

pytestmark = pytest.mark.django_db

FROZEN = [
    # (label, years, through, unit)
    ("letter-2024", [YEAR], f"{YEAR}-10-31", "participations"),
    ("mid-2025", [CURRENT], f"{CURRENT}-05-15", "persons"),
    ("year-2024", [YEAR], None, "persons"),
]


def _seed():
    """A small October inside a large fourth quarter, and small cells in the running year.

    Q1 has 20 professionals and Q4 17 (2 in October, 15 in November): both are shown, and
    only a view that ends on 31 October can tell the 2 of October.
    """
    _activity("professionals", f"{YEAR}-02-01", _people(20))
    _activity("professionals", f"{YEAR}-10-10", _people(2))
    _activity("professionals", f"{YEAR}-11-15", _people(15))
    _activity("knowledge_events", f"{YEAR}-05-01", _people(12))
    _activity("professionals", f"{CURRENT}-01-15", _people(11))
    _activity("business_coaching", f"{CURRENT}-04-10", _people(2))


def _seed_and_freeze(funder, staff):
    _seed()
    snapshots = []
    for label, years, through, unit in FROZEN:
        snapshot = freeze_report(
            label=label,
            kind=ReportKind.PARTICIPANTS,
            parameters={"years": years, "through": through, "unit": unit},
        )
        share_report_with_funder(actor=staff, snapshot=snapshot, funder=funder)
        snapshots.append(snapshot)
    return snapshots


def _frozen_views(client, snapshots) -> dict:
    """What the funder reads of its frozen reports, as the attack's figures."""
    figures: dict = {}
    for snapshot in snapshots:
        download = reverse("impact:funder-report-download", args=[snapshot.pk])
        response = client.get(download, {"format": "json"})
        assert response.status_code == 200
        data = json.loads(response.content)
        intervals = [_interval(column) for column in data["columns"]]
        tables = {"json": _from_json(data)}
        for fmt in ("csv", "xlsx", "pdf"):
            other = client.get(download, {"format": fmt})
            assert other.status_code == 200, (snapshot.label, fmt)
            if fmt in READERS:
                tables[fmt] = READERS[fmt](other.content)
        page = client.get(reverse("impact:funder-report", args=[snapshot.pk]))
        assert page.status_code == 200
        tables["html"] = _from_html(page.content)
        for table in tables.values():
            assert set(table) >= {*PERSON_ROWS, TOTAL, UNIQUE}
            for code, values in table.items():
                for interval, value in zip(intervals, values, strict=True):
                    if value is not None:
                        figures.setdefault((data["unit"], code, interval), set()).add(value)
    return figures


def _alone_views(snapshots) -> dict:
    """The frozen reports with only their own small cells hidden: what the release prevents."""
    figures: dict = {}
    for snapshot in snapshots:
        report = suppress_participants_report(report=snapshot_participants_report(snapshot))
        data = json.loads(render_participants(report, format="json"))
        intervals = [_interval(column) for column in data["columns"]]
        for code, values in _from_json(data).items():
            for interval, value in zip(intervals, values, strict=True):
                if value is not None:
                    figures.setdefault((data["unit"], code, interval), set()).add(value)
    return figures


def _disclosures(figures: dict, sums: dict) -> tuple[dict, dict]:
    """(hidden cells pinned to one value, stretches of persons pinned to 1..k-1).

    A figure hidden in one view and shown in another is given away as it stands.
    """
    shown_elsewhere = {
        key: next(v for v in values if v != HIDDEN)
        for key, values in figures.items()
        if HIDDEN in values and len(values) > 1
    }
    figures = {
        key: ({shown_elsewhere[key]} if key in shown_elsewhere else values)
        for key, values in figures.items()
    }
    hidden, bounds = attack(figures, sums)
    infeasible = [key for key in bounds.low if bounds.low[key] > bounds.high[key]]
    assert infeasible == []
    k = get_suppression_threshold()
    recovered = {key: low for key, (low, high) in hidden.items() if low == high}
    recovered.update(shown_elsewhere)
    small_stretches = {
        key: bounds.low[key]
        for key in bounds.low
        if len(key) == 4
        and key[2] == "atom"
        and key[1] in (*PERSON_ROWS, TOTAL, UNIQUE)
        and bounds.low[key] == bounds.high[key]
        and 0 < bounds.low[key] < k
    }
    return recovered, small_stretches


_COLLECTED: list = []


@pytest.fixture
def views(client, make_user):
    if not _COLLECTED:
        with time_machine.travel(TODAY, tick=False):
            funder = make_user(role=Role.FUNDER)
            snapshots = _seed_and_freeze(funder, make_user(role=Role.STAFF))
            client.force_login(funder)
            figures, refused, sums = collect(client)
            _COLLECTED.append(
                (figures, _frozen_views(client, snapshots), _alone_views(snapshots), sums)
            )
    return _COLLECTED[0]


def _union(*tables):
    merged: dict = {}
    for table in tables:
        for key, values in table.items():
            merged.setdefault(key, set()).update(values)
    return merged


def test_the_frozen_reports_add_cut_off_views_and_hide_cells(views):
    figures, frozen, alone, sums = views
    cut_off = (dt.date(YEAR, 1, 1), dt.date(YEAR, 10, 31))
    assert ("participations", TOTAL, cut_off) in frozen
    assert any(values == {HIDDEN} for values in frozen.values())


def test_nothing_is_recovered_from_the_release_with_its_frozen_reports(views):
    figures, frozen, alone, sums = views
    everything = _union(figures, frozen)
    # One figure, one value: a cell shown in one view is never hidden in another.
    assert {key: values for key, values in everything.items() if len(values) > 1} == {}
    recovered, small_stretches = _disclosures(everything, sums)
    assert recovered == {}
    assert small_stretches == {}


def test_frozen_reports_suppressed_on_their_own_would_give_figures_away(views):
    """The proof that the test has teeth: without the one pattern, the attack succeeds."""
    figures, frozen, alone, sums = views
    recovered, small_stretches = _disclosures(_union(figures, alone), sums)
    october = (dt.date(YEAR, 10, 1), dt.date(YEAR, 11, 1))
    assert small_stretches[("participations", "professionals", "atom", october)] == 2
    # The one pattern hides the frozen Jan-Oct figure itself, not the released quarters.
    cut_off = (dt.date(YEAR, 1, 1), dt.date(YEAR, 10, 31))
    assert frozen[("participations", "professionals", cut_off)] == {HIDDEN}
    assert figures[("participations", "professionals", _interval({"year": f"{YEAR}-Q1"}))] == {20}


def test_a_funder_sees_only_the_reports_meant_for_it(client, make_user):
    staff, funder, other = (
        make_user(role=Role.STAFF),
        make_user(role=Role.FUNDER),
        make_user(role=Role.FUNDER, email="other-funder@example.org"),
    )
    snapshot = freeze_report(
        label="letter", kind=ReportKind.PARTICIPANTS, parameters={"years": [2019]}
    )
    share_report_with_funder(actor=staff, snapshot=snapshot, funder=funder)
    client.force_login(other)
    assert client.get(reverse("impact:funder-report", args=[snapshot.pk])).status_code == 404
    assert "letter" not in client.get(reverse("impact:funder-dashboard")).content.decode()
    client.force_login(funder)
    assert client.get(reverse("impact:funder-report", args=[snapshot.pk])).status_code == 200
    assert (
        reverse("impact:funder-report", args=[snapshot.pk])
        in client.get(reverse("impact:funder-dashboard")).content.decode()
    )


def test_a_withdrawn_report_stays_released(make_user):
    staff, funder = make_user(role=Role.STAFF), make_user(role=Role.FUNDER)
    snapshot = freeze_report(
        label="letter", kind=ReportKind.PARTICIPANTS, parameters={"years": [2019]}
    )
    share_report_with_funder(actor=staff, snapshot=snapshot, funder=funder)
    assert withdraw_report_from_funder(actor=staff, snapshot=snapshot, funder=funder)
    assert not is_member(user=funder, kind=MembershipKind.FUNDER_REPORT, object_id=snapshot.pk)
    assert ReportRelease.objects.filter(snapshot=snapshot).exists()


def test_a_report_is_shared_with_funder_accounts_only(make_user):
    from perspectives.impact.services import ImpactError

    staff = make_user(role=Role.STAFF)
    snapshot = freeze_report(
        label="letter", kind=ReportKind.PARTICIPANTS, parameters={"years": [2019]}
    )
    with pytest.raises(ImpactError):
        share_report_with_funder(
            actor=staff, snapshot=snapshot, funder=make_user(role=Role.EMPLOYER)
        )
    assert not ReportRelease.objects.exists()


def test_a_frozen_funding_report_shows_its_amounts_as_sent_in_dutch(client, make_user):
    from decimal import Decimal

    from perspectives.funding.services import create_funder, record_grant, set_budget_year

    municipality = create_funder(name="Gemeente Hilversum", kind="municipality")
    record_grant(funder=municipality, year=2019, amount=Decimal("58209"), status="settled")
    set_budget_year(year=2019, total_amount=Decimal("300000"))
    staff, funder = make_user(role=Role.STAFF), make_user(role=Role.FUNDER)
    snapshot = freeze_report(
        label="funding 2019", kind=ReportKind.FUNDING, parameters={"years": [2019]}
    )
    share_report_with_funder(actor=staff, snapshot=snapshot, funder=funder)
    record_grant(funder=municipality, year=2019, amount=Decimal("1000"), status="requested")
    client.force_login(funder)
    page = client.get(
        reverse("impact:funder-report", args=[snapshot.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "58.209" in page and "300.000" in page and "19,4" in page
    assert "Vastgesteld" in page  # the status as frozen, not the request made since
    download = reverse("impact:funder-report-download", args=[snapshot.pk])
    assert client.get(download, {"format": "csv"}).status_code == 404
