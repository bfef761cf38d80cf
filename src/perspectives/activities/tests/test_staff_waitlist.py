"""Staff pages: seats and the waiting list counted apart, messages that say what happened, and
the confirmation before a staff cancellation."""

import csv
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from perspectives.activities import services
from perspectives.activities.models import Registration
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory

from .factories import RegistrationFactory
from .public_support import upcoming

pytestmark = pytest.mark.django_db
CAPACITY = 3


def sign_up_people(activity, count: int) -> list[Registration]:
    """`count` people signed up by staff through the service, so the seat rule decides."""
    return [
        services.register_participant(
            activity=activity, actor=None, person=PersonFactory()
        ).registration
        for _ in range(count)
    ]


def text_of(html: str) -> str:
    """The page's text without tags, its white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def status_of(registration) -> str:
    return Registration.objects.get(pk=registration.pk).status


def detail_url(activity) -> str:
    return reverse("activities:activity-detail", args=[activity.pk])


def cancel_url(registration) -> str:
    return reverse(
        "activities:registration-cancel", args=[registration.activity_id, registration.pk]
    )


def status_url(registration) -> str:
    return reverse(
        "activities:registration-status", args=[registration.activity_id, registration.pk]
    )


# Seats and the waiting list, counted apart ----------------------------------------------------

SEAT_CASES = [
    # sign-ups, what the pages show, what they must not show
    (CAPACITY - 1, "2 / 3", "op de wachtlijst"),
    (CAPACITY, "3 / 3", "op de wachtlijst"),
    (CAPACITY + 1, "3 / 3 · 1 op de wachtlijst", "4 / 3"),
]


@pytest.mark.parametrize(("count", "shown", "not_shown"), SEAT_CASES)
def test_the_staff_home_panel_shows_seats_and_the_waiting_list_apart(
    staff_client, count, shown, not_shown
):
    activity = upcoming(title="Masterclass montage", capacity=CAPACITY)
    sign_up_people(activity, count)
    content = staff_client.get(reverse("core:home")).content.decode()
    [row] = [row for row in content.split("<tr>") if "Masterclass montage" in row]
    assert shown in text_of(row)
    assert not_shown not in text_of(row)


@pytest.mark.parametrize(("count", "shown", "not_shown"), SEAT_CASES)
def test_the_activity_page_shows_seats_and_the_waiting_list_apart(
    staff_client, count, shown, not_shown
):
    activity = upcoming(capacity=CAPACITY)
    sign_up_people(activity, count)
    content = staff_client.get(detail_url(activity)).content.decode()
    cell = re.search(r'<dd id="seat-count">(.*?)</dd>', content, re.S).group(1)
    assert shown in text_of(cell)
    assert not_shown not in text_of(cell)


@pytest.mark.parametrize(
    ("count", "seats", "waiting"),
    [(CAPACITY - 1, "2 / 3", 0), (CAPACITY, "3 / 3", 0), (CAPACITY + 1, "3 / 3", 1)],
)
def test_the_activity_list_has_a_column_for_seats_and_one_for_the_waiting_list(
    staff_client, count, seats, waiting
):
    activity = upcoming(title="Masterclass montage", capacity=CAPACITY)
    sign_up_people(activity, count)
    response = staff_client.get(reverse("activities:activity-list"))
    [row] = response.context["page"].object_list
    assert (row.seat_count, row.waiting_count) == (min(count, CAPACITY), waiting)
    [html_row] = [r for r in response.content.decode().split("<tr>") if "Masterclass" in r]
    cells = [text_of(cell) for cell in re.findall(r'<td class="num">(.*?)</td>', html_row, re.S)]
    assert cells[:2] == [seats, str(waiting)]


def test_the_activity_list_exports_seats_waiting_list_and_capacity(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 3)
    response = staff_client.get(reverse("activities:activity-list"), {"export": "csv"})
    header, row = csv.reader(io.StringIO(response.content.decode()))
    values = dict(zip(header, row, strict=True))
    assert (values["seat_count"], values["waiting_count"], values["capacity"]) == ("1", "2", "1")


def test_the_counts_are_english_on_english_pages(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 2)
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = text_of(staff_client.get(detail_url(activity)).content.decode())
    assert "1 / 1 · 1 on the waiting list" in content


# Adding someone ---------------------------------------------------------------------------


def test_adding_someone_to_a_full_activity_says_they_are_on_the_waiting_list(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 1)
    PersonFactory(first_name="Jan", last_name="Jansen", email="jan@example.org")
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": "jan@example.org"}, follow=True)
    assert messages_of(response) == [
        "Jan Jansen staat op de wachtlijst (nummer 1): de activiteit is vol."
    ]
    assert activity.registrations.get(person__email="jan@example.org").status == "waitlisted"


def test_adding_someone_to_the_last_free_seat_says_registered(staff_client):
    activity = upcoming(capacity=2)
    sign_up_people(activity, 1)
    PersonFactory(first_name="Jan", last_name="Jansen", email="jan@example.org")
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": "jan@example.org"}, follow=True)
    assert messages_of(response) == ["Jan Jansen ingeschreven."]


def test_adding_someone_who_has_a_registration_changes_nothing_and_says_its_status(
    staff_client,
):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 1)
    [waiting] = sign_up_people(activity, 1)
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": waiting.person.email}, follow=True)
    assert messages_of(response) == [
        f"{waiting.person} heeft al een inschrijving (“Wachtlijst”); er is niets veranderd."
    ]
    assert activity.registrations.count() == 2


def test_adding_someone_who_cancelled_signs_them_up_again(staff_client):
    activity = upcoming(capacity=2)
    [registration] = sign_up_people(activity, 1)
    services.cancel_registration(registration=registration)
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": registration.person.email}, follow=True)
    assert messages_of(response) == [f"{registration.person} ingeschreven."]
    assert status_of(registration) == "registered"


# Changing a status ------------------------------------------------------------------------


def test_moving_up_without_a_free_seat_is_refused_and_says_so(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 1)
    [waiting] = sign_up_people(activity, 1)
    response = staff_client.post(status_url(waiting), {"status": "registered"}, follow=True)
    assert messages_of(response) == [
        f"Geen vrije plaats voor {waiting.person}: alle 1 plaatsen zijn bezet, dus "
        f"{waiting.person} blijft “Wachtlijst”. Verhoog eerst het aantal plaatsen."
    ]
    assert status_of(waiting) == "waitlisted"


def test_moving_up_past_someone_ahead_on_the_waiting_list_is_refused_and_says_why(staff_client):
    activity = upcoming(capacity=2)
    RegistrationFactory(activity=activity, status="registered")
    # A seat is free (attendance was corrected in bulk), and two wait for it.
    first = RegistrationFactory(activity=activity, status="waitlisted")
    second = RegistrationFactory(activity=activity, status="waitlisted")
    response = staff_client.post(status_url(second), {"status": "registered"}, follow=True)
    assert messages_of(response) == [
        f"{second.person} blijft “Wachtlijst”: de vrije plaatsen gaan eerst naar wie eerder op "
        "de wachtlijst staat."
    ]
    response = staff_client.post(status_url(first), {"status": "registered"}, follow=True)
    assert messages_of(response) == [f"De status van {first.person} is nu “Ingeschreven”."]


def test_a_no_show_keeps_its_seat_moves_nobody_up_and_mails_nobody(
    staff_client, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    [seated] = sign_up_people(activity, 1)
    jan = PersonFactory(first_name="Jan", last_name="Jansen", email="jan@example.org")
    waiting = services.register_participant(activity=activity, actor=None, person=jan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(status_url(seated), {"status": "no_show"})
    response = staff_client.get(response["Location"])
    assert messages_of(response) == [f"De status van {seated.person} is nu “Niet verschenen”."]
    assert mail.outbox == []
    waiting.registration.refresh_from_db()
    assert waiting.registration.status == "waitlisted"


def test_a_status_change_that_frees_no_seat_names_nobody(staff_client):
    activity = upcoming(capacity=2)
    [seated] = sign_up_people(activity, 1)
    response = staff_client.post(status_url(seated), {"status": "attended"}, follow=True)
    assert messages_of(response) == [f"De status van {seated.person} is nu “Aanwezig”."]


def test_back_onto_the_waiting_list_says_the_place_in_it(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 2)
    [registration] = sign_up_people(activity, 1)
    services.cancel_registration(registration=registration)
    response = staff_client.post(status_url(registration), {"status": "waitlisted"}, follow=True)
    assert status_of(registration) == "waitlisted"
    [message] = messages_of(response)
    assert re.fullmatch(
        rf"{registration.person} staat nu op de wachtlijst \(nummer \d\)\.", message
    )


def test_choosing_cancelled_as_the_status_asks_for_confirmation_first(staff_client):
    activity = upcoming(capacity=1)
    [seated] = sign_up_people(activity, 1)
    response = staff_client.post(status_url(seated), {"status": "cancelled"})
    assert response.status_code == 302
    assert response["Location"] == cancel_url(seated)
    assert status_of(seated) == "registered"


# The confirmation page ----------------------------------------------------------------------


def test_the_confirmation_says_who_which_activity_and_who_would_move_up(staff_client):
    activity = upcoming(title="Masterclass montage", capacity=1)
    [seated] = sign_up_people(activity, 1)
    jan = PersonFactory(first_name="Jan", last_name="Jansen")
    services.register_participant(activity=activity, actor=None, person=jan)
    response = staff_client.get(cancel_url(seated))
    content = text_of(response.content.decode())
    assert response.status_code == 200
    assert f"{seated.person.full_name} ({seated.person.email})" in content
    assert "Masterclass montage" in content
    assert "De plaats komt vrij." in content
    assert "Jan Jansen schuift van de wachtlijst door naar een plaats" in content
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert status_of(seated) == "registered"


def test_the_confirmation_says_nobody_moves_up_when_nobody_waits(staff_client):
    activity = upcoming(capacity=2)
    [seated] = sign_up_people(activity, 1)
    content = text_of(staff_client.get(cancel_url(seated)).content.decode())
    assert "Er schuift niemand van de wachtlijst door: de plaats blijft vrij." in content


def test_the_confirmation_of_leaving_the_waiting_list_moves_nobody_up(staff_client):
    activity = upcoming(capacity=1)
    sign_up_people(activity, 1)
    waiting, behind = sign_up_people(activity, 2)
    content = text_of(staff_client.get(cancel_url(waiting)).content.decode())
    assert "De plek op de wachtlijst vervalt." in content
    assert str(behind.person) not in content


def test_recorded_attendance_offers_no_cancellation(staff_client):
    registration = RegistrationFactory(activity=upcoming(), status="attended")
    response = staff_client.get(cancel_url(registration))
    content = response.content.decode()
    assert "kan niet worden geannuleerd: de aanwezigheid is al vastgelegd" in content
    assert "Ja, annuleer de inschrijving" not in content
    response = staff_client.post(cancel_url(registration), follow=True)
    assert messages_of(response) == [
        "Een inschrijving met status “Aanwezig” kan niet worden geannuleerd."
    ]
    assert status_of(registration) == "attended"


def test_confirming_cancels_names_who_moved_up_and_both_are_mailed(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    [seated] = sign_up_people(activity, 1)
    jan = PersonFactory(first_name="Jan", last_name="Jansen", email="jan@example.org")
    [waiting] = [services.register_participant(activity=activity, actor=None, person=jan)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(seated))
    assert response["Location"] == f"{detail_url(activity)}#registration-{seated.pk}"
    response = staff_client.get(response["Location"])
    assert messages_of(response) == [
        f"De inschrijving van {seated.person} is geannuleerd; {seated.person} krijgt daarover "
        "een e-mail.",
        "Jan Jansen is van de wachtlijst doorgeschoven en krijgt daarover een e-mail.",
    ]
    assert (status_of(seated), status_of(waiting.registration)) == ("cancelled", "registered")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["jan@example.org", seated.person.email]
    )
    entry = AuditEntry.objects.get(action="activities.registration.cancelled")
    assert entry.actor == staff_user


def test_cancelling_twice_changes_nothing_the_second_time(
    staff_client, django_capture_on_commit_callbacks
):
    activity = upcoming(capacity=1)
    seated, waiting, behind = sign_up_people(activity, 3)
    staff_client.post(cancel_url(seated), follow=True)
    entries = AuditEntry.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(seated), follow=True)
    assert messages_of(response) == [
        f"De inschrijving van {seated.person} was al geannuleerd; er is niets veranderd."
    ]
    assert [status_of(r) for r in (seated, waiting, behind)] == [
        "cancelled",
        "registered",
        "waitlisted",
    ]
    assert (AuditEntry.objects.count(), mail.outbox) == (entries, [])
    content = text_of(staff_client.get(cancel_url(seated)).content.decode())
    assert "Deze inschrijving is al geannuleerd." in content


def test_a_cancellation_that_frees_two_seats_names_both(staff_client):
    activity = upcoming(capacity=2)
    seated = RegistrationFactory(activity=activity, status="registered")
    # One seat was free already while two waited (attendance corrected in bulk).
    anna = RegistrationFactory(
        activity=activity, status="waitlisted", person__first_name="Anna", person__last_name="Bos"
    )
    jan = RegistrationFactory(
        activity=activity, status="waitlisted", person__first_name="Jan", person__last_name="Jansen"
    )
    content = text_of(staff_client.get(cancel_url(seated)).content.decode())
    assert "Anna Bos schuift" in content and "Jan Jansen schuift" in content
    response = staff_client.post(cancel_url(seated), follow=True)
    assert messages_of(response)[1] == (
        "Anna Bos en Jan Jansen zijn van de wachtlijst doorgeschoven en krijgen daarover een "
        "e-mail."
    )
    assert (status_of(anna), status_of(jan)) == ("registered", "registered")


def test_the_cancellation_needs_a_csrf_token(staff_user):
    registration = RegistrationFactory(activity=upcoming(), status="registered")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert client.post(cancel_url(registration)).status_code == 403
    assert status_of(registration) == "registered"


def test_a_registration_of_another_activity_is_not_found(staff_client):
    activity = upcoming()
    other = RegistrationFactory(activity=upcoming(), status="registered")
    url = reverse("activities:registration-cancel", args=[activity.pk, other.pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url).status_code == 404
    assert status_of(other) == "registered"


def test_the_confirmation_page_runs_a_constant_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    activity = upcoming(capacity=1)
    seated, *_waiting = sign_up_people(activity, 6)
    with django_assert_max_num_queries(8):
        assert staff_client.get(cancel_url(seated)).status_code == 200
