"""One client address counts as at most REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY visitors a day.

Changing the user agent makes a new visitor hash, so without the cap a script could count as any
number of visitors from one address (30 user agents made 30 visitors). The cap holds for the
raw hits of today as read by the reports and for the daily counts that compaction makes.
"""

import datetime as dt

import pytest
from django.utils import timezone

from perspectives.reach.models import DailyVisitors, VisitorHit
from perspectives.reach.selectors import count_visitors_by_day
from perspectives.reach.services import compact_visitor_hits, record_visitor_hit

from .conftest import BROWSER

pytestmark = pytest.mark.django_db
CAP = 5


@pytest.fixture(autouse=True)
def cap(settings):
    settings.REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY = CAP


def visit_with_agents(count: int, *, ip: str, section: str = "academy") -> None:
    for number in range(count):
        record_visitor_hit(
            section=section, ip=ip, user_agent=f"{BROWSER} build/{number}", site="localhost"
        )


def counted_today(section: str = "academy") -> int:
    today = timezone.localdate()
    return count_visitors_by_day(first=today, last=today).get((today, section), 0)


def compacted(monkeypatch, section: str = "academy") -> int:
    """Compact today's hits (as if the day were over) and return the day's count."""
    today = timezone.localdate()
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(days=1))
    compact_visitor_hits(before_day=today + dt.timedelta(days=1))
    return DailyVisitors.objects.get(day=today, section=section).unique_visitors


@pytest.mark.parametrize(("agents", "visitors"), [(CAP - 1, CAP - 1), (CAP, CAP), (CAP + 1, CAP)])
def test_one_address_counts_as_at_most_the_cap_however_many_user_agents(
    monkeypatch, agents, visitors
):
    visit_with_agents(agents, ip="203.0.113.9")
    # Every user agent is still a hit of its own; the cap is applied when counting.
    assert VisitorHit.objects.count() == agents
    assert counted_today() == visitors
    assert compacted(monkeypatch) == visitors


def test_thirty_user_agents_from_one_address_make_the_cap_not_thirty(monkeypatch):
    visit_with_agents(30, ip="203.0.113.9")
    assert counted_today() == CAP
    assert compacted(monkeypatch) == CAP


def test_two_addresses_are_capped_each_on_their_own(monkeypatch):
    visit_with_agents(CAP + 3, ip="203.0.113.9")
    visit_with_agents(2, ip="198.51.100.4")
    assert counted_today() == CAP + 2
    assert compacted(monkeypatch) == CAP + 2


def test_the_cap_holds_per_section(monkeypatch):
    visit_with_agents(CAP + 1, ip="203.0.113.9", section="academy")
    visit_with_agents(CAP + 1, ip="203.0.113.9", section="other")
    assert counted_today("academy") == CAP and counted_today("other") == CAP
    assert compacted(monkeypatch, "other") == CAP


def test_the_cap_is_a_setting(settings, monkeypatch):
    settings.REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY = 2
    visit_with_agents(4, ip="203.0.113.9")
    assert counted_today() == 2
    assert compacted(monkeypatch) == 2


def test_hits_stored_before_the_address_hash_existed_count_uncapped(monkeypatch):
    today = timezone.localdate()
    VisitorHit.objects.bulk_create(
        VisitorHit(day=today, section="academy", visitor_hash=f"{n:064x}") for n in range(CAP + 2)
    )
    visit_with_agents(CAP + 1, ip="203.0.113.9")
    assert counted_today() == CAP + 2 + CAP
    assert compacted(monkeypatch) == CAP + 2 + CAP


def test_thirty_user_agents_through_the_beacon_from_one_address_count_as_the_cap(client, settings):
    settings.RATELIMIT_ENABLED = False
    for number in range(30):
        response = client.post(
            "/api/v1/hits",
            data='{"url": "https://localhost/academy/cursus/"}',
            content_type="text/plain;charset=UTF-8",
            HTTP_USER_AGENT=f"{BROWSER} build/{number}",
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code == 202
    assert VisitorHit.objects.count() == 30
    assert counted_today() == CAP
