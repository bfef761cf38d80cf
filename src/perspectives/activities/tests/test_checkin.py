"""Check-in at the door: the services, the selectors and the staff pages."""

import datetime as dt

import pytest
from django.utils import timezone

from perspectives.activities import selectors, services
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    """Today's activity: Anna and Bram expected, Cor present, Dirk a no-show, Eva waiting."""
    activity = ActivityFactory(starts_on=timezone.localdate(), capacity=10)
    for first, last, email, status in [
        ("Anna", "Vermeer", "anna@example.org", "registered"),
        ("Bram", "Jansen", "bram@voorbeeld.example", "registered"),
        ("Cor", "Bakker", "cor@example.org", "attended"),
        ("Dirk", "Visser", "dirk@example.org", "no_show"),
        ("Eva", "Smit", "eva@example.org", "waitlisted"),
        ("Fien", "Mulder", "fien@example.org", "cancelled"),
    ]:
        person = PersonFactory(first_name=first, last_name=last, email=email)
        RegistrationFactory(activity=activity, person=person, status=status)
    return activity


def names(registrations) -> list[str]:
    return [r.person.first_name for r in registrations]


def test_check_in_lists_seat_holders_only_sorted_by_name(activity):
    assert names(selectors.list_checkin_registrations(activity=activity)) == [
        "Cor",
        "Bram",
        "Anna",
        "Dirk",
    ]


@pytest.mark.parametrize(
    ("search", "found"),
    [("anna", ["Anna"]), ("VERMEER", ["Anna"]), ("voorbeeld", ["Bram"]), ("eva", []), ("", None)],
)
def test_check_in_search_matches_name_or_email(activity, search, found):
    result = names(selectors.list_checkin_registrations(activity=activity, search=search))
    assert result == (found if found is not None else ["Cor", "Bram", "Anna", "Dirk"])


def test_check_in_counts_expected_present_and_no_show(activity):
    assert selectors.count_checkin(activity=activity) == {"expected": 4, "present": 1, "no_show": 1}


def test_the_rest_becomes_no_show_at_once_and_is_audited(activity, staff_user):
    changed = services.mark_rest_no_show(activity=activity, actor=staff_user)

    assert changed == 2
    statuses = dict(activity.registrations.values_list("person__first_name", "status"))
    assert statuses == {
        "Anna": "no_show",
        "Bram": "no_show",
        "Cor": "attended",
        "Dirk": "no_show",
        "Eva": "waitlisted",
        "Fien": "cancelled",
    }
    entry = AuditEntry.objects.get(action="activities.activity.rest_marked_no_show")
    assert entry.data == {"count": 2}
    assert entry.actor == staff_user
    assert services.mark_rest_no_show(activity=activity, actor=staff_user) == 0


def test_the_rest_cannot_be_marked_no_show_before_the_activity_starts(activity):
    activity.starts_on = timezone.localdate() + dt.timedelta(days=1)
    activity.save()
    with pytest.raises(services.RegistrationError):
        services.mark_rest_no_show(activity=activity)
    assert selectors.count_checkin(activity=activity)["no_show"] == 1


def test_the_check_in_page_shows_counts_and_finds_a_person(
    staff_client, activity, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = staff_client.get(f"/beheer/activiteiten/{activity.pk}/check-in/?q=bram")
    assert response.status_code == 200
    page = response.content.decode()
    assert "bram@voorbeeld.example" in page
    assert "anna@example.org" not in page
    assert response.context["counts"] == {"expected": 4, "present": 1, "no_show": 1}


def test_tapping_a_person_marks_them_present_and_keeps_the_search(staff_client, activity):
    anna = activity.registrations.get(person__first_name="Anna")

    response = staff_client.post(
        f"/beheer/activiteiten/{activity.pk}/check-in/{anna.pk}/",
        {"status": "attended", "q": "anna"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/beheer/activiteiten/{activity.pk}/check-in/?q=anna")
    anna.refresh_from_db()
    assert anna.status == "attended"
    assert selectors.count_checkin(activity=activity)["present"] == 2


def test_a_mistaken_tap_can_be_undone(staff_client, activity):
    cor = activity.registrations.get(person__first_name="Cor")
    staff_client.post(
        f"/beheer/activiteiten/{activity.pk}/check-in/{cor.pk}/", {"status": "registered"}
    )
    cor.refresh_from_db()
    assert cor.status == "registered"


def test_a_waiting_list_person_cannot_be_checked_in(staff_client, activity):
    eva = activity.registrations.get(person__first_name="Eva")
    staff_client.post(
        f"/beheer/activiteiten/{activity.pk}/check-in/{eva.pk}/", {"status": "attended"}
    )
    eva.refresh_from_db()
    assert eva.status == "waitlisted"


def test_a_registration_of_another_activity_is_not_found(staff_client, activity):
    other = RegistrationFactory(status="registered")
    response = staff_client.post(
        f"/beheer/activiteiten/{activity.pk}/check-in/{other.pk}/", {"status": "attended"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "registered"


def test_the_rest_no_show_button_asks_for_confirmation_first(staff_client, activity):
    confirm = staff_client.get(f"/beheer/activiteiten/{activity.pk}/check-in/rest-afwezig/")
    assert confirm.status_code == 200
    assert confirm.context["remaining"] == 2
    assert selectors.count_checkin(activity=activity)["no_show"] == 1

    done = staff_client.post(f"/beheer/activiteiten/{activity.pk}/check-in/rest-afwezig/")

    assert done.status_code == 302
    assert selectors.count_checkin(activity=activity)["no_show"] == 3


def test_check_in_is_for_staff_only(client, make_user, activity):
    client.force_login(make_user(role="coach"))
    assert client.get(f"/beheer/activiteiten/{activity.pk}/check-in/").status_code == 403
    assert (
        client.post(f"/beheer/activiteiten/{activity.pk}/check-in/rest-afwezig/").status_code == 403
    )
    assert selectors.count_checkin(activity=activity)["no_show"] == 1


def test_the_activity_page_links_to_check_in(staff_client, activity):
    page = staff_client.get(f"/beheer/activiteiten/{activity.pk}/").content.decode()
    assert f"/beheer/activiteiten/{activity.pk}/check-in/" in page
