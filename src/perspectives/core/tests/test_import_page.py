import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from perspectives.core.imports import Column, ImportKind, Outcome
from perspectives.core.models import AuditEntry
from perspectives.core.registry import importers, staff_menu
from perspectives.core.services import log_action
from perspectives.core.tabular import choice_parser, parse_date, parse_slug

pytestmark = pytest.mark.django_db

HEADER = "code,title,type,on"
GOOD = f"{HEADER}\ncmc-1,Cross Media Café,event,31-10-2020\nws-1,AI,workshop,2020-01-15\n"
BAD = f"{HEADER}\ncmc-1,Cross Media Café,event,31-10-2020\nws-1,AI,party,2020-01-15\n"


class NotesImport(ImportKind):
    """A kind of core's own (core may not import the apps): each row becomes an audit entry."""

    name = "notes"
    label = "Notes"
    audit_action = "core.notes.imported"
    key_columns = ("code",)
    columns = (
        Column("code", parse_slug, required=True),
        Column("title", required=True, help="what the note says"),
        Column("type", choice_parser(["event", "workshop"])),
        Column("on", parse_date),
    )

    def apply(self, rows, *, actor, file_name):
        for row in rows:
            log_action(action="core.note.created", actor=actor, data={"code": row.values["code"]})
        return Outcome(created=len(rows))


@pytest.fixture(autouse=True)
def notes_kind(monkeypatch):
    monkeypatch.setitem(importers._items, "notes", NotesImport())


def note_codes():
    return sorted(
        AuditEntry.objects.filter(action="core.note.created").values_list("data__code", flat=True)
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def upload(client, text, *, name="notes.csv", kind="notes", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode()), **extra}
    return client.post(reverse("core:import"), data, HTTP_ACCEPT_LANGUAGE="en")


def stored_files(media_root):
    directory = media_root / "imports"
    return sorted(directory.iterdir()) if directory.exists() else []


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("core:import"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_other_roles_are_refused(client):
    # Through the user model, not perspectives.accounts: core may not import the apps above it.
    user = get_user_model().objects.create_user(email="deelnemer@example.org", role="participant")
    client.force_login(user)
    assert client.get(reverse("core:import")).status_code == 403
    assert client.post(reverse("core:import-confirm")).status_code == 403


def test_the_form_lists_the_kinds_and_their_columns(staff_client):
    response = staff_client.get(reverse("core:import"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="notes"' in content and "what the note says" in content


def test_the_staff_menu_has_an_import_entry():
    assert staff_menu.get("import")[:2] == (90, "core:import")


def test_preview_shows_counts_and_rows_then_confirm_imports_and_deletes_the_file(
    staff_client, staff_user, media_root
):
    response = upload(staff_client, GOOD)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged, result.refused) == (2, 0, 0, False)
    assert "Cross Media Café" in response.content.decode()
    assert note_codes() == []
    assert len(stored_files(media_root)) == 1

    response = staff_client.post(reverse("core:import-confirm"))
    assert response.status_code == 302
    assert note_codes() == ["cmc-1", "ws-1"]
    entry = AuditEntry.objects.get(action="core.notes.imported")
    assert entry.actor == staff_user and entry.data["file_name"] == "notes.csv"
    assert stored_files(media_root) == []
    assert "import" not in "".join(staff_client.session.keys())


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(staff_client, media_root):
    response = upload(staff_client, BAD)
    content = response.content.decode()
    assert response.context["result"].refused
    assert "row 3, column type: unknown value &#x27;party&#x27;" in content
    assert reverse("core:import-confirm") not in content
    assert stored_files(media_root) == []
    response = staff_client.post(reverse("core:import-confirm"))
    assert response.status_code == 302
    assert note_codes() == []


def test_skip_invalid_previews_and_imports_the_valid_rows(staff_client):
    response = upload(staff_client, BAD, skip_invalid="on")
    assert response.context["result"].skipped == [3]
    staff_client.post(reverse("core:import-confirm"))
    assert note_codes() == ["cmc-1"]


def test_files_above_the_limit_are_refused(staff_client, settings, media_root):
    settings.IMPORT_MAX_UPLOAD_BYTES = 50
    response = upload(staff_client, GOOD)
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert stored_files(media_root) == []


def test_other_file_types_are_refused(staff_client):
    response = upload(staff_client, GOOD, name="notes.pdf")
    assert response.status_code == 400
    assert note_codes() == []


def test_confirm_without_a_preview_imports_nothing(staff_client):
    response = staff_client.post(reverse("core:import-confirm"))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action__endswith=".imported").exists()
