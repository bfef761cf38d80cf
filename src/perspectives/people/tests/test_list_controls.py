"""The people and organisation lists: sorted by column, searched, exported as shown."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from perspectives.people.models import Affiliation
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    anna = PersonFactory(first_name="Anna", last_name="Zwart", email="z@example.org")
    bert = PersonFactory(
        first_name="Bert", last_name="Appel", email="y@example.org", participant_type="student"
    )
    Affiliation.objects.create(person=anna, organisation=OrganisationFactory(name="Omroep"))
    return anna, bert


def names(response) -> list[str]:
    return [person.first_name for person in response.context["page"].object_list]


def test_people_sort_by_name_by_default_and_by_e_mail_both_ways(staff_client, people):
    url = reverse("people:person-list")
    assert names(staff_client.get(url)) == ["Bert", "Anna"]
    assert names(staff_client.get(url, {"sort": "-full_name"})) == ["Anna", "Bert"]
    assert names(staff_client.get(url, {"sort": "email"})) == ["Bert", "Anna"]
    assert names(staff_client.get(url, {"sort": "-email"})) == ["Anna", "Bert"]
    # Organisations are not a sortable column; nor is any field that is not a column.
    assert names(staff_client.get(url, {"sort": "organisations"})) == ["Bert", "Anna"]
    assert names(staff_client.get(url, {"sort": "birth_year"})) == ["Bert", "Anna"]


def test_people_export_as_filtered_with_their_organisations_in_the_pages_language(
    staff_client, people, django_assert_max_num_queries
):
    url = reverse("people:person-list")
    with django_assert_max_num_queries(8):
        response = staff_client.get(url, {"q": "zwart", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows == [
        ["full_name", "first_name", "last_name", "email", "participant_type", "organisations"],
        ["Anna Zwart", "Anna", "Zwart", "z@example.org", "Werknemer", "Omroep"],
    ]
    response = staff_client.get(url, {"participant_type": "student", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:4] == ["Bert Appel", "Bert", "Appel", "y@example.org"]
    assert sheet.max_row == 2


def test_organisations_sort_by_people_and_export(staff_client, people):
    OrganisationFactory(name="Archief")
    url = reverse("people:organisation-list")
    response = staff_client.get(url, {"sort": "-people_count"})
    assert [o.name for o in response.context["page"].object_list] == ["Omroep", "Archief"]
    response = staff_client.get(url)
    assert [o.name for o in response.context["page"].object_list] == ["Archief", "Omroep"]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    rows = list(
        csv.reader(
            io.StringIO(staff_client.get(url, {"q": "omr", "export": "csv"}).content.decode())
        )
    )
    assert rows[0] == ["name", "kind", "is_hr_network_member", "people_count"]
    assert rows[1][0] == "Omroep" and rows[1][3] == "1"
    assert len(rows) == 2


def test_a_person_named_as_a_formula_is_exported_as_text(staff_client):
    PersonFactory(first_name='=HYPERLINK("http://evil.example")', last_name="@x")
    response = staff_client.get(reverse("people:person-list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://evil.example")' in [cell.value for cell in cells]
    assert "'@x" in [cell.value for cell in cells]


def test_other_roles_cannot_export(client, make_user, people):
    client.force_login(make_user(role="coach"))
    response = client.get(reverse("people:person-list"), {"export": "csv"})
    assert response.status_code == 403
