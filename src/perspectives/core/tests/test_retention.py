"""The kernel's retention (issue 13, item 2): expired database-cache rows and abandoned import
previews are deleted by `perspectives purge_expired`; previews also by the worker, hourly."""

import datetime as dt
import io
import os
import time

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from perspectives.core.imports import Column, ImportKind, Outcome
from perspectives.core.registry import importers
from perspectives.core.retention import import_preview_dir

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "test_retention_cache",
    }
}
DAY = 24 * 3600


def purge_expired() -> str:
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue()


def cache_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM test_retention_cache ORDER BY cache_key")
        return [key for (key,) in cursor.fetchall()]


@pytest.fixture
def database_cache():
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        yield


def test_an_expired_cache_row_is_purged_and_one_just_before_its_expiry_is_kept(database_cache):
    with time_machine.travel(T0, tick=False) as clock:
        cache.set("ends", "x", timeout=100)
        cache.set("lasts", "x", timeout=None)
        clock.shift(dt.timedelta(seconds=99))
        purge_expired()
        assert cache_keys() == [":1:ends", ":1:lasts"]
        clock.shift(dt.timedelta(seconds=2))
        assert "expired_cache_entries: 1" in purge_expired()
        assert cache_keys() == [":1:lasts"]
        assert "expired_cache_entries: 0" in purge_expired()  # idempotent


def test_without_a_database_cache_there_is_nothing_to_purge():
    assert "expired_cache_entries: 0" in purge_expired()


def test_a_database_cache_whose_table_was_never_made_stops_no_other_purge(previews):
    previews("old.csv", age_seconds=DAY + 60)
    with override_settings(CACHES=DATABASE_CACHE):
        output = purge_expired()
    assert "expired_cache_entries: 0" in output and "import_previews: 1" in output


@pytest.fixture
def previews(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_PREVIEW_MAX_AGE_HOURS = 24
    folder = import_preview_dir()
    folder.mkdir(parents=True)

    def make(name: str, *, age_seconds: float):
        path = folder / name
        path.write_bytes(b"code,title\nx,y\n")
        moment = time.time() - age_seconds
        os.utime(path, (moment, moment))
        return path

    return make


def remaining(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_preview_a_minute_past_the_age_is_deleted_and_one_a_minute_short_is_kept(previews):
    previews("old.csv", age_seconds=DAY + 60)
    previews("fresh.xlsx", age_seconds=DAY - 60)
    assert "import_previews: 1" in purge_expired()
    assert remaining(import_preview_dir()) == ["fresh.xlsx"]
    assert "import_previews: 0" in purge_expired()


def test_the_age_is_a_setting(previews, settings):
    settings.IMPORT_PREVIEW_MAX_AGE_HOURS = 2
    previews("three-hours.csv", age_seconds=3 * 3600)
    previews("one-hour.csv", age_seconds=3600)
    purge_expired()
    assert remaining(import_preview_dir()) == ["one-hour.csv"]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_the_worker_deletes_old_previews_without_waiting_for_the_daily_purge(previews):
    previews("left-by-a-killed-web-worker.csv", age_seconds=DAY + 60)
    previews("fresh.csv", age_seconds=60)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    assert remaining(import_preview_dir()) == ["fresh.csv"]


class NotesImport(ImportKind):
    name = "retention-notes"
    label = "Notes"
    audit_action = "core.notes.imported"
    columns = (Column("code", required=True),)

    def apply(self, rows, *, actor, file_name):
        return Outcome(created=len(rows))


def test_a_previewed_upload_never_confirmed_is_gone_after_a_day(
    previews, staff_client, monkeypatch
):
    monkeypatch.setitem(importers._items, NotesImport.name, NotesImport())
    upload = SimpleUploadedFile("notes.csv", b"code\nn-1\n")
    response = staff_client.post(reverse("core:import"), {"kind": NotesImport.name, "file": upload})
    assert response.status_code == 200
    assert len(list(import_preview_dir().iterdir())) == 1
    with time_machine.travel(time.time() + DAY - 60):
        purge_expired()
    assert len(list(import_preview_dir().iterdir())) == 1
    with time_machine.travel(time.time() + DAY + 60):
        purge_expired()
    assert list(import_preview_dir().iterdir()) == []
    confirm = staff_client.post(reverse("core:import-confirm"))
    assert confirm.status_code == 302  # "upload it again", nothing imported
