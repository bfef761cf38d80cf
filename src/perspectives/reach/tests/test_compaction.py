"""Compaction: raw hits of finished days become daily unique counts; old salts are destroyed."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from perspectives.core.models import AuditEntry
from perspectives.reach.models import DailyVisitors, VisitorHit, VisitorSalt
from perspectives.reach.services import compact_visitor_hits, record_visitor_hit
from perspectives.reach.tasks import compact_visitor_hits_task
from perspectives.reach.tests.factories import DailyVisitorsFactory

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def visit(section="academy", ip="203.0.113.1", user_agent=BROWSER):
    record_visitor_hit(section=section, ip=ip, user_agent=user_agent, site="localhost")


def counts():
    return {(d.day, d.section): d.unique_visitors for d in DailyVisitors.objects.all()}


@pytest.fixture
def yesterday_and_today(monkeypatch):
    """Visits yesterday (the same visitor twice) and today; returns (yesterday, today)."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now - dt.timedelta(days=1))
    visit()
    visit()
    visit(ip="203.0.113.2")
    visit(section="other")
    monkeypatch.setattr(timezone, "now", lambda: now)
    visit()
    today = timezone.localdate()
    return today - dt.timedelta(days=1), today


def test_finished_days_are_counted_and_their_hits_and_salts_deleted(yesterday_and_today):
    yesterday, today = yesterday_and_today
    assert VisitorSalt.objects.count() == 2
    result = compact_visitor_hits(before_day=today)
    assert result == {"hits": 3, "section_days": 2, "salts_deleted": 1}
    assert counts() == {(yesterday, "academy"): 2, (yesterday, "other"): 1}
    assert list(VisitorHit.objects.values_list("day", flat=True)) == [today]
    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [today]
    assert AuditEntry.objects.get(action="reach.visitors.compacted").data == result


def test_compaction_is_idempotent(yesterday_and_today):
    yesterday, today = yesterday_and_today
    compact_visitor_hits(before_day=today)
    before = counts()
    assert compact_visitor_hits(before_day=today) == {
        "hits": 0,
        "section_days": 0,
        "salts_deleted": 0,
    }
    assert counts() == before
    assert AuditEntry.objects.filter(action="reach.visitors.compacted").count() == 1


def test_the_same_visitor_on_two_days_counts_twice(monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now - dt.timedelta(days=2))
    visit()
    monkeypatch.setattr(timezone, "now", lambda: now - dt.timedelta(days=1))
    visit()
    monkeypatch.setattr(timezone, "now", lambda: now)
    compact_visitor_hits(before_day=timezone.localdate())
    assert sorted(counts().values()) == [1, 1]
    assert not VisitorSalt.objects.exists()


def test_hits_arriving_for_a_compacted_day_are_added_not_replacing(monkeypatch):
    DailyVisitorsFactory(day=dt.date(2021, 3, 1), section="academy", unique_visitors=40)
    VisitorHit.objects.create(day=dt.date(2021, 3, 1), section="academy", visitor_hash="a" * 64)
    compact_visitor_hits(before_day=dt.date(2021, 3, 2))
    assert counts() == {(dt.date(2021, 3, 1), "academy"): 41}


def test_today_is_never_compacted_and_later_days_are_refused():
    visit()
    today = timezone.localdate()
    compact_visitor_hits(before_day=today)
    assert VisitorHit.objects.count() == 1 and not DailyVisitors.objects.exists()
    with pytest.raises(ValueError):
        compact_visitor_hits(before_day=today + dt.timedelta(days=1))


def test_the_task_and_the_command_compact(yesterday_and_today, capsys):
    yesterday, today = yesterday_and_today
    result = compact_visitor_hits_task.enqueue()
    assert result.return_value["hits"] == 3
    VisitorHit.objects.create(day=yesterday, section="academy", visitor_hash="b" * 64)
    call_command("compact_reach")
    assert "1 hits compacted into 1 section-days" in capsys.readouterr().out
    assert counts()[(yesterday, "academy")] == 3
    with pytest.raises(CommandError):
        call_command("compact_reach", "--before", (today + dt.timedelta(days=1)).isoformat())


def test_a_new_salt_is_made_after_the_old_ones_are_destroyed(monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now - dt.timedelta(days=1))
    visit()
    old_secret = bytes(VisitorSalt.objects.get().secret)
    monkeypatch.setattr(timezone, "now", lambda: now)
    compact_visitor_hits(before_day=timezone.localdate())
    visit()
    new = VisitorSalt.objects.get()
    assert new.day == timezone.localdate() and bytes(new.secret) != old_secret
