"""The activities' back office: the list sorted, searched and exported, drafts, duplicates."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from perspectives.activities import services
from perspectives.activities.models import Activity, Registration
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.core.models import AuditEntry
from perspectives.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "activities:activity-list"


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page"].object_list]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode(), newline="")))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def upcoming(**fields) -> Activity:
    fields.setdefault("starts_on", timezone.localdate() + dt.timedelta(days=10))
    return ActivityFactory(**fields)


@pytest.fixture
def three():
    return [
        ActivityFactory(title="Bravo", code="b", starts_on=dt.date(2020, 3, 1)),
        ActivityFactory(title="Alfa", code="a", starts_on=dt.date(2020, 1, 1)),
        ActivityFactory(title="Charlie", code="c", starts_on=dt.date(2020, 2, 1)),
    ]


# Sorting -----------------------------------------------------------------------------------


def test_the_list_sorts_by_a_column_both_ways_and_says_so_with_aria_sort(staff_client, three):
    url = reverse(LIST)
    response = staff_client.get(url, {"sort": "title"})
    assert titles(response) == ["Alfa", "Bravo", "Charlie"]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    # The sorted column's link turns the order round; the others sort ascending first.
    assert f'href="{url}?sort=-title"' in html
    assert f'href="{url}?sort=starts_on"' in html

    response = staff_client.get(url, {"sort": "-title"})
    assert titles(response) == ["Charlie", "Bravo", "Alfa"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_the_default_order_is_newest_first(staff_client, three):
    response = staff_client.get(reverse(LIST))
    assert titles(response) == ["Bravo", "Charlie", "Alfa"]
    assert response.content.decode().count("aria-sort=") == 1


@pytest.mark.parametrize(
    "sort", ["password", "-organiser__name", "title;drop", "--title", "description", ""]
)
def test_an_unknown_sort_key_is_ignored_and_the_default_order_used(staff_client, three, sort):
    response = staff_client.get(reverse(LIST), {"sort": sort})
    assert response.status_code == 200
    assert titles(response) == ["Bravo", "Charlie", "Alfa"]


def test_sorting_by_a_count_orders_by_the_number_of_registrations(staff_client, three):
    bravo, alfa, _charlie = three
    RegistrationFactory.create_batch(2, activity=alfa)
    RegistrationFactory(activity=bravo)
    response = staff_client.get(reverse(LIST), {"sort": "-registration_count"})
    assert titles(response) == ["Alfa", "Bravo", "Charlie"]


def test_the_sort_links_keep_the_filters_and_drop_the_page(staff_client, three):
    response = staff_client.get(reverse(LIST), {"q": "a", "year": "2020", "page": "1"})
    headers = response.context["list_controls"].headers
    title = next(header for header in headers if header.is_sortable and "sort=title" in header.url)
    assert "q=a" in title.url and "year=2020" in title.url
    assert "page=" not in title.url


# Search ------------------------------------------------------------------------------------


def test_the_search_box_finds_by_title_or_code(staff_client, three):
    assert titles(staff_client.get(reverse(LIST), {"q": "arl"})) == ["Charlie"]
    assert titles(staff_client.get(reverse(LIST), {"q": "b"})) == ["Bravo"]
    assert titles(staff_client.get(reverse(LIST), {"q": "zulu"})) == []


def test_a_search_with_a_nul_character_is_not_a_server_error(staff_client, three):
    assert staff_client.get(reverse(LIST), {"q": "a\x00b"}).status_code in (200, 400)


# Export ------------------------------------------------------------------------------------


def test_the_export_holds_the_whole_filtered_list_in_the_order_shown_as_csv(staff_client, three):
    ActivityFactory(title="Delta", code="d", starts_on=dt.date(2021, 1, 1))
    response = staff_client.get(reverse(LIST), {"year": "2020", "sort": "title", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="activities-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["starts_on", "title", "code"]
    assert [row[1] for row in rows[1:]] == ["Alfa", "Bravo", "Charlie"]
    assert rows[1][0] == "2020-01-01"
    # CRLF line ends: a CR inside a text stays inside its quoted cell.
    assert response.content.count(b"\r\n") == 4


def test_the_export_as_xlsx_keeps_dates_and_numbers_as_such(staff_client, three):
    RegistrationFactory(activity=three[0])
    response = staff_client.get(reverse(LIST), {"q": "bravo", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    header, (row,) = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["title"] == "Bravo"
    assert values["starts_on"].date() == dt.date(2020, 3, 1)
    assert values["registration_count"] == 1
    assert values["is_draft"] is False


def test_the_export_is_not_cut_to_the_page(staff_client):
    ActivityFactory.create_batch(51)
    assert len(staff_client.get(reverse(LIST)).context["page"].object_list) == 50
    assert len(csv_rows(staff_client.get(reverse(LIST), {"export": "csv"}))) == 52


@pytest.mark.parametrize("payload", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1"])
def test_a_title_that_is_a_formula_is_exported_as_text(staff_client, payload):
    ActivityFactory(title=payload)
    cells = [
        cell for row in csv_rows(staff_client.get(reverse(LIST), {"export": "csv"})) for cell in row
    ]
    assert "'" + payload in cells
    sheet = load_workbook(
        io.BytesIO(staff_client.get(reverse(LIST), {"export": "xlsx"}).content)
    ).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    assert "'" + payload in [cell.value for cell in values]


def test_an_unknown_export_format_shows_the_page(staff_client, three):
    response = staff_client.get(reverse(LIST), {"export": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_an_export_is_logged_as_a_security_event(staff_client, three, caplog):
    with caplog.at_level("INFO", logger="perspectives.security"):
        staff_client.get(reverse(LIST), {"export": "xlsx"})
    (line,) = [r.getMessage() for r in caplog.records if r.name == "perspectives.security"]
    event = json.loads(line)
    assert event["action"] == "export.list"
    assert event["object"] == "list:activities:xlsx"


def test_the_page_offers_the_export_of_the_list_as_filtered_and_sorted(staff_client, three):
    html = staff_client.get(reverse(LIST), {"q": "a", "sort": "-title"}).content.decode()
    assert "?q=a&amp;sort=-title&amp;export=csv" in html
    assert "?q=a&amp;sort=-title&amp;export=xlsx" in html


# Registrations of one activity ---------------------------------------------------------------


def test_the_registrations_of_an_activity_sort_search_and_export(staff_client):
    activity = ActivityFactory()
    for first, last, email in [
        ("Anna", "Zwart", "anna@example.org"),
        ("Bert", "Appel", "bert@example.org"),
    ]:
        RegistrationFactory(
            activity=activity, person=PersonFactory(first_name=first, last_name=last, email=email)
        )
    url = reverse("activities:activity-detail", args=[activity.pk])
    names = lambda response: [r.person.first_name for r in response.context["registrations"]]  # noqa: E731
    assert names(staff_client.get(url)) == ["Bert", "Anna"]
    assert names(staff_client.get(url, {"sort": "-name"})) == ["Anna", "Bert"]
    assert names(staff_client.get(url, {"sort": "email"})) == ["Anna", "Bert"]
    assert names(staff_client.get(url, {"q": "zwart"})) == ["Anna"]
    rows = csv_rows(staff_client.get(url, {"q": "bert", "export": "csv"}))
    assert rows[0] == ["name", "email", "participant_type", "status", "source", "registered_at"]
    assert [row[:2] for row in rows[1:]] == [["Bert Appel", "bert@example.org"]]


# Drafts --------------------------------------------------------------------------------------


def test_a_draft_is_on_no_public_page_feed_or_calendar(client):
    draft = upcoming(code="concept", is_draft=True)
    upcoming(code="open")
    assert (
        client.get(reverse("activities:public-activity-detail", args=["concept"])).status_code
        == 404
    )
    assert client.get(reverse("activities:activity-ics", args=["concept"])).status_code == 404
    catalogue = client.get(reverse("activities:home")).content.decode()
    assert draft.title not in catalogue
    body = Client().get("/api/v1/activities").json()
    assert [item["code"] for item in body["items"]] == ["open"]


def test_nobody_can_sign_up_for_a_draft_through_the_api(client):
    upcoming(code="concept", is_draft=True)
    response = Client().post(
        "/api/v1/activities/concept/registrations",
        json.dumps(
            {
                "email": "x@example.org",
                "first_name": "X",
                "last_name": "Y",
                "participant_type": "employee",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_staff_cannot_register_anyone_for_a_draft(staff_user):
    draft = upcoming(is_draft=True)
    with pytest.raises(ValidationError):
        services.register_participant(activity=draft, actor=staff_user, person=PersonFactory())
    assert not Registration.objects.exists()


def test_a_published_draft_is_public_and_takes_sign_ups(staff_client, client):
    draft = upcoming(code="concept", is_draft=True)
    response = staff_client.post(reverse("activities:activity-publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_draft is False
    assert AuditEntry.objects.filter(action="activities.activity.published").count() == 1
    assert (
        Client().get(reverse("activities:public-activity-detail", args=["concept"])).status_code
        == 200
    )
    codes = [item["code"] for item in Client().get("/api/v1/activities").json()["items"]]
    assert codes == ["concept"]
    assert draft.is_registration_open(timezone.now())


def test_publishing_what_is_published_already_is_refused_and_changes_nothing(staff_user):
    activity = upcoming()
    with pytest.raises(ValidationError):
        services.publish_activity(activity=activity, actor=staff_user)
    assert not AuditEntry.objects.filter(action="activities.activity.published").exists()


def test_a_new_activity_can_be_kept_as_a_draft(staff_client):
    data = {
        "code": "nieuw-concept",
        "title": "Nieuw",
        "type": "workshop",
        "pillar": "talent",
        "starts_on": "2031-05-01",
        "price_amount": "0",
        "is_draft": "on",
    }
    response = staff_client.post(reverse("activities:activity-create"), data)
    assert response.status_code == 302
    assert Activity.objects.get(code="nieuw-concept").is_draft is True
    data.update(code="nieuw-open", is_draft="")
    staff_client.post(reverse("activities:activity-create"), data)
    assert Activity.objects.get(code="nieuw-open").is_draft is False


def test_the_staff_page_of_a_draft_offers_to_publish_it(staff_client):
    draft = upcoming(is_draft=True)
    html = staff_client.get(reverse("activities:activity-detail", args=[draft.pk])).content
    assert reverse("activities:activity-publish", args=[draft.pk]).encode() in html
    published = upcoming()
    html = staff_client.get(reverse("activities:activity-detail", args=[published.pk])).content
    assert reverse("activities:activity-publish", args=[published.pk]).encode() not in html


# Duplicates ----------------------------------------------------------------------------------


def test_a_duplicate_copies_the_activity_under_a_new_code_as_a_draft_without_registrations(
    staff_user,
):
    original = upcoming(
        code="cmc-1", title="Cross Media Café", capacity=30, location="Studio", is_closed=True
    )
    RegistrationFactory(activity=original)
    copy = services.duplicate_activity(activity=original, code="cmc-2", actor=staff_user)
    assert copy.pk != original.pk
    assert copy.code == "cmc-2"
    assert copy.is_draft is True
    for name in ("title", "capacity", "location", "is_closed", "type", "starts_on", "pillar"):
        assert getattr(copy, name) == getattr(original, name)
    assert not copy.registrations.exists()
    entry = AuditEntry.objects.get(action="activities.activity.duplicated")
    assert entry.data["from"] == original.pk


def test_a_duplicate_with_a_code_in_use_is_refused_and_makes_nothing(staff_user):
    original = upcoming(code="cmc-1")
    with pytest.raises(ValidationError):
        services.duplicate_activity(activity=original, code="cmc-1", actor=staff_user)
    assert Activity.objects.count() == 1


def test_the_duplicate_page_proposes_a_code_and_makes_a_draft_copy(staff_client):
    original = upcoming(code="cmc-1", title="Cross Media Café")
    url = reverse("activities:activity-duplicate", args=[original.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["code"] == "cmc-1-kopie"
    response = staff_client.post(url, {"code": "cmc-2"})
    copy = Activity.objects.get(code="cmc-2")
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:activity-update", args=[copy.pk])
    assert copy.is_draft
    assert (
        Client().get(reverse("activities:public-activity-detail", args=["cmc-2"])).status_code
        == 404
    )


def test_the_duplicate_page_shows_a_taken_code_as_a_form_error(staff_client):
    original = upcoming(code="cmc-1")
    response = staff_client.post(
        reverse("activities:activity-duplicate", args=[original.pk]), {"code": "cmc-1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Activity.objects.count() == 1


def test_the_duplicate_and_publish_pages_are_for_staff_only(client, make_user):
    activity = upcoming(is_draft=True)
    client.force_login(make_user(role="coach"))
    assert (
        client.get(reverse("activities:activity-duplicate", args=[activity.pk])).status_code == 403
    )
    assert (
        client.post(reverse("activities:activity-publish", args=[activity.pk])).status_code == 403
    )
    activity.refresh_from_db()
    assert activity.is_draft


def test_the_list_filters_drafts_and_marks_them(staff_client, three):
    ActivityFactory(title="Concept-workshop", is_draft=True, starts_on=dt.date(2020, 5, 1))
    assert titles(staff_client.get(reverse(LIST), {"draft": "yes"})) == ["Concept-workshop"]
    assert "Concept-workshop" not in titles(staff_client.get(reverse(LIST), {"draft": "no"}))
    html = staff_client.get(reverse(LIST)).content.decode()
    assert html.count('class="badge draft"') == 1


def test_the_page_and_its_export_take_the_same_queries_for_3_or_30_activities(
    staff_client, django_assert_max_num_queries
):
    ActivityFactory.create_batch(3)
    with django_assert_max_num_queries(9):
        staff_client.get(reverse(LIST), {"sort": "-attended_count"})
    with django_assert_max_num_queries(6):
        staff_client.get(reverse(LIST), {"export": "xlsx"})
    ActivityFactory.create_batch(27)
    with django_assert_max_num_queries(9):
        staff_client.get(reverse(LIST), {"sort": "-attended_count"})
    with django_assert_max_num_queries(6):
        staff_client.get(reverse(LIST), {"export": "xlsx"})
