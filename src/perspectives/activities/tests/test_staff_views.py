import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user
from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.people.models import Person
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(title="Cross Media Café", code="cmc-2020-01")


@pytest.fixture
def participant_client(client):
    user = create_user(email="deelnemer@example.org", password=None, role=Role.PARTICIPANT)
    client.force_login(user)
    return client


def page_urls(activity, registration, person):
    return [
        ("get", reverse("activities:activity-list")),
        ("get", reverse("activities:activity-create")),
        ("get", reverse("activities:activity-detail", args=[activity.pk])),
        ("get", reverse("activities:activity-update", args=[activity.pk])),
        ("get", reverse("activities:person-registrations", args=[person.pk])),
        ("post", reverse("activities:activity-attendance", args=[activity.pk])),
        ("post", reverse("activities:registration-create", args=[activity.pk])),
        (
            "post",
            reverse("activities:registration-status", args=[activity.pk, registration.pk]),
        ),
        ("get", reverse("activities:registration-cancel", args=[activity.pk, registration.pk])),
        ("post", reverse("activities:registration-cancel", args=[activity.pk, registration.pk])),
    ]


def test_anonymous_users_are_sent_to_log_in(client, activity):
    registration = RegistrationFactory(activity=activity)
    for method, url in page_urls(activity, registration, registration.person):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_other_roles_are_refused(participant_client, activity):
    registration = RegistrationFactory(activity=activity, status="registered")
    for method, url in page_urls(activity, registration, registration.person):
        assert getattr(participant_client, method)(url).status_code == 403, url
    # Refusal happens before any lookup: unknown ids are not revealed to other roles either.
    url = reverse("activities:activity-update", args=[activity.pk + 1000])
    assert participant_client.get(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_staff_see_every_page(staff_client, activity):
    registration = RegistrationFactory(activity=activity)
    for method, url in page_urls(activity, registration, registration.person):
        if method == "get":
            assert staff_client.get(url).status_code == 200, url


def test_unknown_ids_give_404(staff_client, activity):
    registration = RegistrationFactory(activity=activity)
    other_registration = RegistrationFactory()
    missing = activity.pk + 1000
    for url in [
        reverse("activities:activity-detail", args=[missing]),
        reverse("activities:activity-update", args=[missing]),
        reverse("activities:person-registrations", args=[registration.person.pk + 1000]),
    ]:
        assert staff_client.get(url).status_code == 404, url
    # A registration of another activity is not reachable through this activity's URL.
    url = reverse("activities:registration-status", args=[activity.pk, other_registration.pk])
    assert staff_client.post(url, {"status": "cancelled"}).status_code == 404
    other_registration.refresh_from_db()
    assert other_registration.status == "attended"


def test_staff_home_shows_upcoming_activities_and_counts(staff_client):
    today = timezone.localdate()
    ActivityFactory(title="Komende hackathon", starts_on=today + dt.timedelta(days=3))
    ActivityFactory(title="Oude workshop", starts_on=today - dt.timedelta(days=400))
    PersonFactory.create_batch(3)
    response = staff_client.get(reverse("core:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Komende hackathon" in content
    assert "Oude workshop" not in content
    assert "Aankomende activiteiten" in content
    assert '<span class="count">3</span>' in content


def list_titles(response) -> set[str]:
    return {activity.title for activity in response.context["page"].object_list}


def test_activity_list_filters(staff_client):
    ActivityFactory(title="Sollicitatietraining", code="st-1", type="training", category="starters")
    ActivityFactory(
        title="HR-overleg",
        code="hr-1",
        type="hr_meeting",
        category="",
        is_closed=True,
        pillar="both",
        starts_on=dt.date(2020, 3, 1),
    )
    ActivityFactory(
        title="Cross Media Café", code="cmc-1", type="knowledge_event", pillar="innovation"
    )
    url = reverse("activities:activity-list")
    assert list_titles(staff_client.get(url)) == {
        "Sollicitatietraining",
        "HR-overleg",
        "Cross Media Café",
    }
    assert list_titles(staff_client.get(url, {"q": "media"})) == {"Cross Media Café"}
    assert list_titles(staff_client.get(url, {"q": "hr-1"})) == {"HR-overleg"}
    assert list_titles(staff_client.get(url, {"year": "2020"})) == {"HR-overleg"}
    assert list_titles(staff_client.get(url, {"type": "training"})) == {"Sollicitatietraining"}
    assert list_titles(staff_client.get(url, {"pillar": "innovation"})) == {"Cross Media Café"}
    assert list_titles(staff_client.get(url, {"category": "none"})) == {"HR-overleg"}
    assert list_titles(staff_client.get(url, {"category": "starters"})) == {"Sollicitatietraining"}
    assert list_titles(staff_client.get(url, {"closed": "yes"})) == {"HR-overleg"}
    assert "HR-overleg" not in list_titles(staff_client.get(url, {"closed": "no"}))
    # An invalid value is ignored rather than breaking the page.
    assert len(list_titles(staff_client.get(url, {"type": "nonsense"}))) == 3


def test_activity_list_shows_counts_and_closed_badge_and_keeps_filters_in_links(staff_client):
    activity = ActivityFactory(title="Vertrouwelijk overleg", is_closed=True)
    RegistrationFactory.create_batch(2, activity=activity, status="attended")
    RegistrationFactory(activity=activity, status="registered")
    RegistrationFactory(activity=activity, status="cancelled")
    ActivityFactory.create_batch(60, is_closed=True)
    response = staff_client.get(reverse("activities:activity-list"), {"closed": "yes"})
    content = response.content.decode()
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == 50
    assert "?closed=yes&amp;page=2" in content
    # Closed is said in words, not only by colour.
    assert content.count('<span class="badge closed">Besloten</span>') == 50
    page2 = staff_client.get(reverse("activities:activity-list"), {"closed": "yes", "page": 2})
    assert len(page2.context["page"].object_list) == 11
    # The factory's dates are random, so the activity may be on either page.
    rows = [*response.context["page"].object_list, *page2.context["page"].object_list]
    row = next(a for a in rows if a.title == "Vertrouwelijk overleg")
    assert (row.registration_count, row.attended_count) == (3, 2)


def test_activity_list_runs_a_constant_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    for activity in ActivityFactory.create_batch(30):
        RegistrationFactory.create_batch(2, activity=activity)
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("activities:activity-list"))
    assert len(response.context["page"].object_list) == 30


def test_detail_page_runs_a_constant_number_of_queries(
    staff_client, activity, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(25, activity=activity)
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("activities:activity-detail", args=[activity.pk]))
    assert len(response.context["registrations"]) == 25


def activity_data(**overrides):
    data = {
        "code": "ws-2021-01",
        "title": "Workshop storytelling",
        "type": "workshop",
        "pillar": "talent",
        "category": "professionals",
        "starts_on": "2021-02-03",
        "ends_on": "",
        "location": "Hilversum",
        "capacity": "20",
        "price_amount": "25.00",
        "freelancer_price_amount": "10.00",
        "organiser": "",
    }
    data.update(overrides)
    return data


def test_creating_an_activity_goes_through_the_service(staff_client, staff_user):
    response = staff_client.post(reverse("activities:activity-create"), activity_data())
    activity = Activity.objects.get(code="ws-2021-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:activity-detail", args=[activity.pk])
    assert activity.freelancer_price_amount == 10
    entry = AuditEntry.objects.get(action="activities.activity.created")
    assert entry.actor == staff_user


def test_create_form_shows_errors_and_writes_nothing(staff_client, activity):
    url = reverse("activities:activity-create")
    response = staff_client.post(
        url, activity_data(code=activity.code, starts_on="2021-02-03", ends_on="2021-01-01")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"code", "ends_on"}
    assert 'aria-invalid="true"' in response.content.decode()
    response = staff_client.post(url, activity_data(title="", price_amount="-5"))
    assert {"title", "price_amount"} <= set(response.context["form"].errors)
    assert Activity.objects.count() == 1
    assert not AuditEntry.objects.filter(action="activities.activity.created").exists()


def test_editing_an_activity_logs_the_change(staff_client, activity):
    url = reverse("activities:activity-update", args=[activity.pk])
    response = staff_client.post(
        url, activity_data(code=activity.code, title="Cross Media Café XL", is_closed="on")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Cross Media Café XL"
    assert activity.is_closed
    entry = AuditEntry.objects.get(action="activities.activity.changed")
    assert entry.data["changes"]["title"] == ["Cross Media Café", "Cross Media Café XL"]
    detail = staff_client.get(reverse("activities:activity-detail", args=[activity.pk]))
    assert "Cross Media Café XL" in detail.content.decode()
    assert "Activiteit gewijzigd" in detail.content.decode()


def test_staff_set_the_moment_registration_closes(staff_client, activity):
    url = reverse("activities:activity-update", args=[activity.pk])
    response = staff_client.post(
        url, activity_data(code=activity.code, registration_closes_at="2020-01-10T17:30")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    # Entered in the foundation's time zone (Europe/Amsterdam, UTC+1 in January).
    assert activity.registration_closes_at.isoformat() == "2020-01-10T16:30:00+00:00"


def test_edit_form_shows_errors_and_changes_nothing(staff_client, activity):
    other = ActivityFactory(code="taken")
    url = reverse("activities:activity-update", args=[activity.pk])
    response = staff_client.post(url, activity_data(code=other.code, title="Nieuw"))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.code, activity.title) == ("cmc-2020-01", "Cross Media Café")
    assert not AuditEntry.objects.filter(action="activities.activity.changed").exists()


def test_detail_shows_registrations_counts_and_history(staff_client, activity):
    person = PersonFactory(first_name="Anna", last_name="de Vries", participant_type="freelancer")
    RegistrationFactory(activity=activity, person=person, status="registered", source="import")
    RegistrationFactory(activity=activity, status="attended")
    response = staff_client.get(reverse("activities:activity-detail", args=[activity.pk]))
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert person.email in content
    assert "Zzp&#x27;er" in content or "Zzp'er" in content
    assert "Import" in content
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {
        "registered": 1,
        "waitlisted": 0,
        "cancelled": 0,
        "attended": 1,
        "no_show": 0,
    }
    assert '<span class="count">1</span> Ingeschreven' in content


@pytest.fixture
def three_registrations(activity):
    return [RegistrationFactory(activity=activity, status="registered") for _ in range(3)]


def test_bulk_attendance_changes_exactly_the_chosen_rows(
    staff_client, activity, three_registrations
):
    first, second, third = three_registrations
    foreign = RegistrationFactory(status="registered")
    url = reverse("activities:activity-attendance", args=[activity.pk])
    response = staff_client.post(
        url, {"registrations": [first.pk, third.pk], "status": "attended"}, follow=True
    )
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[third.pk] == "attended"
    assert statuses[second.pk] == "registered"
    assert "2 inschrijvingen gewijzigd." in response.content.decode()
    # Registrations of other activities are not choices of this form.
    staff_client.post(url, {"registrations": [foreign.pk], "status": "no_show"})
    foreign.refresh_from_db()
    assert foreign.status == "registered"
    response = staff_client.post(
        url, {"registrations": [first.pk, second.pk], "status": "no_show"}, follow=True
    )
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == ("no_show", "no_show")
    assert "2 inschrijvingen gewijzigd." in response.content.decode()
    staff_client.post(url, {"registrations": [first.pk], "status": "registered"})
    first.refresh_from_db()
    assert first.status == "registered"


def test_bulk_attendance_without_a_selection_changes_nothing(
    staff_client, activity, three_registrations
):
    url = reverse("activities:activity-attendance", args=[activity.pk])
    response = staff_client.post(url, {"status": "attended"}, follow=True)
    assert "Selecteer ten minste één inschrijving." in response.content.decode()
    response = staff_client.post(
        url, {"registrations": [three_registrations[0].pk], "status": "cancelled"}
    )
    assert set(Registration.objects.values_list("status", flat=True)) == {"registered"}


def test_changing_one_registrations_status(staff_client, activity, three_registrations):
    registration = three_registrations[1]
    url = reverse("activities:registration-status", args=[activity.pk, registration.pk])
    response = staff_client.post(url, {"status": "attended"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#registration-{registration.pk}")
    assert dict(Registration.objects.values_list("pk", "status")) == {
        three_registrations[0].pk: "registered",
        registration.pk: "attended",
        three_registrations[2].pk: "registered",
    }
    staff_client.post(url, {"status": "unknown"})
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_adding_a_known_person_by_email(staff_client, activity):
    person = PersonFactory(email="jan@example.org")
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": " JAN@example.org "})
    assert response.status_code == 302
    registration = Registration.objects.get(activity=activity)
    assert (registration.person, registration.source) == (person, "staff")
    response = staff_client.post(url, {"email": "jan@example.org"}, follow=True)
    assert "heeft al een inschrijving" in response.content.decode()
    assert Registration.objects.count() == 1


def test_adding_a_new_person_needs_a_name_and_type(staff_client, activity):
    url = reverse("activities:registration-create", args=[activity.pk])
    response = staff_client.post(url, {"email": "nieuw@example.org"})
    assert response.status_code == 200
    assert {"last_name", "participant_type"} <= set(response.context["add_form"].errors)
    assert not Person.objects.exists()
    assert not Registration.objects.exists()
    response = staff_client.post(
        url,
        {
            "email": "nieuw@example.org",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "participant_type": "freelancer",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person.full_name == "Nina Nieuw"
    assert registration.person.participant_type == "freelancer"


def test_person_registrations_page(staff_client, django_assert_max_num_queries):
    person = PersonFactory(first_name="Piet")
    RegistrationFactory.create_batch(5, person=person)
    other = RegistrationFactory(activity__title="Niet van Piet")
    url = reverse("activities:person-registrations", args=[person.pk])
    with django_assert_max_num_queries(6):
        response = staff_client.get(url)
    assert len(response.context["registrations"]) == 5
    assert other.activity.title not in response.content.decode()


def test_pages_are_dutch_by_default_and_english_after_switching(staff_client, activity):
    url = reverse("activities:activity-list")
    content = staff_client.get(url).content.decode()
    assert '<html lang="nl">' in content
    assert "Nieuwe activiteit" in content
    response = staff_client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    content = staff_client.get(url).content.decode()
    assert '<html lang="en">' in content
    assert "New activity" in content
    assert "Nieuwe activiteit" not in content


def test_posts_without_a_csrf_token_are_refused(staff_user, activity, three_registrations):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    url = reverse("activities:activity-attendance", args=[activity.pk])
    ids = [r.pk for r in three_registrations]
    assert client.post(url, {"registrations": ids, "status": "attended"}).status_code == 403
    assert set(Registration.objects.values_list("status", flat=True)) == {"registered"}


def test_staff_home_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries):
    today = timezone.localdate()
    for activity in ActivityFactory.create_batch(8, starts_on=today + dt.timedelta(days=1)):
        RegistrationFactory.create_batch(2, activity=activity)
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("core:home"))
    # The panel lists the next five activities, each linked to its page.
    assert len(re.findall(r'href="/beheer/activiteiten/\d+/"', response.content.decode())) == 5
