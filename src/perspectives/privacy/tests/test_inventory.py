from django.conf import settings

from perspectives.core.privacy import AS_LONG_AS_RECORD, LEGAL_HOLD
from perspectives.core.registry import personal_data
from perspectives.privacy.inventory import find_inventory_gaps, list_covered_models


def test_every_field_of_every_model_is_in_the_inventory_and_nothing_else():
    gaps = find_inventory_gaps()
    assert gaps == {"missing": [], "stale": []}


def test_the_inventory_covers_the_user_model_and_every_app_of_ours():
    labels = {model._meta.label for model in list_covered_models()}
    assert {"accounts.User", "people.Person", "privacy.ErasureRequest"} <= labels
    assert labels == set(personal_data)


def test_every_retention_named_in_the_inventory_is_a_setting():
    for _key, fields in personal_data.items():
        for use in fields.values():
            if use.retention not in (AS_LONG_AS_RECORD, LEGAL_HOLD):
                assert isinstance(getattr(settings, use.retention), int), use.retention


def test_an_unregistered_field_is_reported_missing(monkeypatch):
    monkeypatch.setitem(
        personal_data._items,
        "people.Person",
        {k: v for k, v in personal_data.get("people.Person").items() if k != "birth_year"},
    )
    assert find_inventory_gaps()["missing"] == ["people.Person.birth_year"]


def test_an_entry_for_a_field_that_is_gone_is_reported_stale(monkeypatch):
    fields = dict(personal_data.get("people.Person"))
    fields["shoe_size"] = fields["birth_year"]
    monkeypatch.setitem(personal_data._items, "people.Person", fields)
    assert find_inventory_gaps()["stale"] == ["people.Person.shoe_size"]
