import datetime as dt
import json
import time

from django.utils import timezone

from perspectives.activities.models import Activity, Registration
from perspectives.core.registry import personal_data
from perspectives.privacy.services import export_person_data

# Which model each section of the export holds (nested sections as "parent.child").
SECTIONS = {
    "person": "people.Person",
    "affiliations": "people.Affiliation",
    "registrations": "activities.Registration",
    "coaching_trajectories": "coaching.Trajectory",
    "newsletter_subscriptions": "reach.Subscription",
    "newsletter_subscriptions.events": "reach.SubscriptionEvent",
    "accounts": "accounts.User",
    "erasure_requests": "privacy.ErasureRequest",
}


def exported_fields(model: str) -> set[str]:
    return {name for name, use in personal_data.get(model).items() if use.exported}


def rows_of(data: dict, section: str) -> list[dict]:
    parent, _, child = section.partition(".")
    rows = data[parent] if isinstance(data[parent], list) else [data[parent]]
    return [nested for row in rows for nested in row[child]] if child else rows


def test_the_export_holds_every_inventory_field_reachable_from_the_person(
    person_with_everything, other_person
):
    data = export_person_data(person=person_with_everything)
    json.dumps(data)  # JSON-safe
    for section, model in SECTIONS.items():
        rows = rows_of(data, section)
        assert rows, section
        for row in rows:
            assert exported_fields(model) <= set(row), (section, exported_fields(model) - set(row))
    assert len(data["registrations"]) == 2
    assert data["person"]["email"] == person_with_everything.email
    assert data["accounts"][0]["email"] == person_with_everything.email


def test_the_export_holds_nothing_of_other_people(person_with_everything, other_person):
    text = json.dumps(export_person_data(person=person_with_everything))
    for value in (other_person.email, other_person.first_name, other_person.last_name):
        assert value not in text
    org = other_person.affiliations.get().organisation.name
    assert org not in text
    assert f'"person": {other_person.pk},' not in text


def test_secrets_stay_out_of_the_export(person_with_everything):
    data = export_person_data(person=person_with_everything)
    assert "password" not in data["accounts"][0]
    assert "token_hash" not in data["newsletter_subscriptions"][0]


def test_a_person_with_a_thousand_registrations_is_exported_within_five_seconds(
    person_with_everything,
):
    activities = Activity.objects.bulk_create(
        Activity(
            code=f"bulk-{n}",
            title=f"Workshop {n}",
            type="workshop",
            pillar="talent",
            starts_on=dt.date(2020, 1, 1) + dt.timedelta(days=n % 300),
        )
        for n in range(1000)
    )
    Registration.objects.bulk_create(
        Registration(activity=a, person=person_with_everything, registered_at=timezone.now())
        for a in activities
    )
    started = time.perf_counter()
    data = export_person_data(person=person_with_everything)
    assert time.perf_counter() - started < 5
    assert len(data["registrations"]) == 1002
