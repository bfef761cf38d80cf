"""Erasing many people at once (the retention purge) does exactly what erasing each one does."""

import pytest

from perspectives.accounts.models import User
from perspectives.core.models import AuditEntry
from perspectives.people.models import Person
from perspectives.privacy.models import ErasureRequest, ErasureRequestStatus
from perspectives.privacy.services import ERASED_ACTION, ErasureReason, erase_people
from perspectives.reach.models import Subscription

from .conftest import make_person_with_everything
from .scan import find_strings

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_people(db):
    return [make_person_with_everything(tag=tag) for tag in ("x", "y", "z")]


def test_a_batch_erases_every_trace_of_each_person_and_audits_each_once(three_people):
    kept = make_person_with_everything(tag="kept")
    ids = [person.pk for person in three_people]

    erased = erase_people(person_ids=ids, actor=None, reason=ErasureReason.RETENTION)

    assert erased == 3
    assert find_strings(["Voorx", "Achtery", "p-z@example.org", "Doel van Voorx"]) == []
    assert Person.objects.filter(pk__in=ids, erased_at__isnull=True).count() == 0
    assert User.objects.filter(is_active=False).count() == 3
    assert not ErasureRequest.objects.filter(person_id__in=ids, status=ErasureRequestStatus.OPEN)
    entries = AuditEntry.objects.filter(action=ERASED_ACTION)
    assert sorted(int(e.object_id) for e in entries) == sorted(ids)
    assert {e.data["reason"] for e in entries} == {ErasureReason.RETENTION}
    assert Person.objects.get(pk=kept.pk).first_name == "Voorkept"
    assert Subscription.objects.filter(email="p-kept@example.org").exists()


def test_placeholder_addresses_stay_unique_across_a_batch(three_people):
    erase_people(person_ids=[p.pk for p in three_people], actor=None, reason=ErasureReason.STAFF)

    emails = list(Person.objects.filter(erased_at__isnull=False).values_list("email", flat=True))
    assert len(set(emails)) == 3 and all(e.endswith("@erased.invalid") for e in emails)
    subscriptions = list(Subscription.objects.values_list("email", flat=True))
    assert len(set(subscriptions)) == len(subscriptions) == 3


def test_erasing_the_same_batch_again_is_a_no_op(three_people):
    ids = [p.pk for p in three_people]
    erase_people(person_ids=ids, actor=None, reason=ErasureReason.RETENTION)
    audit = AuditEntry.objects.count()

    assert erase_people(person_ids=ids, actor=None, reason=ErasureReason.RETENTION) == 0
    assert AuditEntry.objects.count() == audit


def test_a_batch_with_an_unknown_reason_is_refused(three_people):
    with pytest.raises(ValueError):
        erase_people(person_ids=[three_people[0].pk], actor=None, reason="because")
    assert Person.objects.filter(erased_at__isnull=False).count() == 0
