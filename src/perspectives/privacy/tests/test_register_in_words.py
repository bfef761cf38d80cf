"""The privacy statement and the staff register speak in words, in the page's language."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise

from perspectives.privacy.inventory import list_inventory

pytestmark = pytest.mark.django_db

CODES = (
    "RETENTION_",
    "legitimate_interest",
    "not_applicable",
    "pseudonymous",
    "as long as the record",
)


def test_every_field_of_the_inventory_has_a_name_that_can_be_translated():
    unnamed = []
    for row in list_inventory():
        field = apps.get_model(row.model)._meta.get_field(row.field)
        if not field.primary_key and not isinstance(field.verbose_name, Promise):
            unnamed.append(f"{row.model}.{row.field}")
        if not isinstance(apps.get_model(row.model)._meta.verbose_name, Promise):
            unnamed.append(row.model)
    assert unnamed == []


def test_the_staff_register_names_classes_bases_periods_and_roles_in_dutch(staff_client):
    page = staff_client.get(reverse("privacy:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    for code in CODES:
        assert code not in page
    assert "ons gerechtvaardigd belang (AVG art. 6(1)(f))" in page
    assert "gepseudonimiseerd" in page
    assert "Ruwe bezoekersregistraties worden dagtellingen en worden verwijderd na" in page
    assert "1 dag<" in page and "1 dagen" not in page
    assert "recordnummer" in page and ">ID<" not in page
    assert "Medewerker" in page or "medewerker" in page


def test_the_staff_register_in_english(staff_client):
    page = staff_client.get(reverse("privacy:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in CODES[:3]:
        assert code not in page
    assert "our legitimate interest (AVG art. 6(1)(f))" in page
    assert "record number" in page
