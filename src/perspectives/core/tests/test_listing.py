"""core.listing: the sort a request may ask for, and nothing else, reaches order_by."""

import pytest
from django.test import RequestFactory

from perspectives.core.listing import Column, ListControls
from perspectives.core.models import AuditEntry

COLUMNS = [
    Column("when", "When", sort=("created_at", "-action")),
    Column("action", "Action", sort=("action",)),
    Column("data", "Data"),
]


def controls(query: str = "") -> ListControls:
    request = RequestFactory().get(f"/lijst/{query}")
    return ListControls(request=request, columns=COLUMNS, default_sort="-when")


def test_a_sort_by_a_column_uses_its_fields_and_the_primary_key_as_tie():
    order = controls("?sort=when").order(AuditEntry.objects.all()).query.order_by
    assert order == ("created_at", "-action", "pk")


def test_a_descending_sort_turns_every_field_round():
    order = controls("?sort=-when").order(AuditEntry.objects.all()).query.order_by
    assert order == ("-created_at", "action", "-pk")


@pytest.mark.parametrize("sort", ["data", "created_at", "-pk", "action__icontains", "?", "-"])
def test_a_column_without_sort_fields_or_any_other_text_gives_the_default(sort):
    assert controls(f"?sort={sort}").sort == ("when", True)


def test_the_default_must_be_a_sortable_column():
    with pytest.raises(ValueError):
        ListControls(request=RequestFactory().get("/"), columns=COLUMNS, default_sort="data")


def test_headers_link_to_the_other_order_of_the_current_column_and_keep_filters():
    headers = controls("?sort=action&q=x&page=3&export=csv").headers
    when, action, data = headers
    assert (action.aria_sort, action.url) == ("ascending", "/lijst/?q=x&sort=-action")
    assert (when.aria_sort, when.url) == ("", "/lijst/?q=x&sort=when")
    assert not data.is_sortable
    assert controls("?q=x").export_urls == {
        "csv": "/lijst/?q=x&export=csv",
        "xlsx": "/lijst/?q=x&export=xlsx",
    }


def test_a_search_with_a_nul_character_answers_400():
    from django.core.exceptions import BadRequest

    with pytest.raises(BadRequest):
        _ = controls("?q=a%00b").search
    assert controls("?q=++twee+woorden++").search == "twee woorden"
